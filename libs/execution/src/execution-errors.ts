import { DexError } from '@app/dex';

/** The failure codes execution adds to the market's (DexErrorCode). */
export const ExecutionErrorCode = {
  /** The engine itself failed (a lost database connection, a bug); retried like a transient fault. */
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  /** The order lost its job MAX_RECOVERIES times before it built a transaction. */
  EXECUTION_ABANDONED: 'EXECUTION_ABANDONED',
  /** A triggered limit's price moved away before it was routed: it waits again (never a failure). */
  PRICE_MOVED: 'PRICE_MOVED',
  /** A sniper's fill would cost more SOL per token than its maxPrice: it fails, nothing sent. */
  MAX_PRICE_EXCEEDED: 'MAX_PRICE_EXCEEDED',
} as const;
export type ExecutionErrorCode = (typeof ExecutionErrorCode)[keyof typeof ExecutionErrorCode];

/** What a failed attempt tells the order and the client. */
export interface AttemptFailure {
  code: string;
  message: string;
  retryable: boolean;
}

/** A failure execution decides itself, with its code and retry rule. */
export class ExecutionFailure extends Error {
  constructor(
    readonly code: ExecutionErrorCode,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * Market and chain failures carry their own code and retry rule; anything else (a lost database
 * connection, a bug) is retried like a transient fault and, if it persists, fails the order as
 * INTERNAL_ERROR without exposing its message.
 */
export function describeFailure(err: unknown): AttemptFailure {
  if (err instanceof DexError || err instanceof ExecutionFailure) return { code: err.code, message: err.message, retryable: err.retryable };
  return { code: ExecutionErrorCode.INTERNAL_ERROR, message: 'the engine failed to execute the order', retryable: true };
}
