import { DexError } from '@app/dex';

/** What a failed attempt tells the order and the client. */
export interface AttemptFailure {
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * Market and chain failures carry their own code and retry rule; anything else (a lost database
 * connection, a bug) is retried like a transient fault and, if it persists, fails the order as
 * INTERNAL_ERROR without exposing its message.
 */
export function describeFailure(err: unknown): AttemptFailure {
  if (err instanceof DexError) return { code: err.code, message: err.message, retryable: err.retryable };
  return { code: 'INTERNAL_ERROR', message: 'the engine failed to execute the order', retryable: true };
}
