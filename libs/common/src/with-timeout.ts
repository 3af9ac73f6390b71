/** A wait that took longer than its bound. */
export class TimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
    /** The service that did not answer in time, when the wait was for one (a 503, not a bug). */
    readonly dependency?: 'postgres' | 'redis',
  ) {
    super(`${what} timed out after ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Settles like `promise`, or rejects with TimeoutError once `ms` have passed. The timer is cleared
 * either way, so a finished wait keeps no handle alive. The promise itself is not cancelled: the
 * caller decides what a late outcome means.
 */
export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  dependency?: 'postgres' | 'redis',
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms, dependency)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
