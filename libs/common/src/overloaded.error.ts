/**
 * A bounded queue of work is full: the caller is refused at once rather than queued without end
 * (its wait, and the process' memory, would grow with the backlog). Nothing of the refused work
 * was done. The api answers 503 with `Retry-After` and code ENGINE_OVERLOADED.
 */
export class OverloadedError extends Error {
  readonly code = 'ENGINE_OVERLOADED';

  constructor(
    /** Which queue was full, for the log; not shown to clients. */
    readonly queue: string,
    /** When a retry has a fair chance: a full queue drains within a few flushes. */
    readonly retryAfterSeconds = 1,
  ) {
    super(`the engine is overloaded (${queue} full); retry in ${retryAfterSeconds} s`);
    this.name = 'OverloadedError';
  }
}
