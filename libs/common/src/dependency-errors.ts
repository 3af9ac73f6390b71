/**
 * A service the engine depends on (Postgres, Redis) did not answer, or answered that it cannot
 * serve now. Not a bug: the client gets 503 with Retry-After and may try again.
 */
export class DependencyUnavailableError extends Error {
  readonly code = 'DEPENDENCY_UNAVAILABLE';
  constructor(
    readonly dependency: 'postgres' | 'redis',
    message: string,
    /** When a retry may succeed, in seconds. */
    readonly retryAfterS = 1,
  ) {
    super(message);
    this.name = 'DependencyUnavailableError';
  }
}
