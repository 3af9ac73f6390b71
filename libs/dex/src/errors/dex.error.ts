export type DexErrorCode =
  | 'NO_ROUTE'
  | 'INSUFFICIENT_LIQUIDITY'
  | 'RPC_TIMEOUT'
  | 'RPC_RATE_LIMITED'
  | 'QUOTE_EXPIRED'
  | 'SLIPPAGE_EXCEEDED'
  | 'BLOCKHASH_EXPIRED';

/** Codes where a fresh attempt (re-quote, rebuild, resend) can succeed; the others are facts about the market. */
const RETRYABLE: ReadonlySet<DexErrorCode> = new Set<DexErrorCode>([
  'RPC_TIMEOUT',
  'RPC_RATE_LIMITED',
  'QUOTE_EXPIRED',
  'SLIPPAGE_EXCEEDED',
  'BLOCKHASH_EXPIRED',
]);

/**
 * A failure of the market or chain. retryable: a fresh attempt (re-quote) can succeed.
 * Amounts in `details` are decimal strings so the details stay JSON-serialisable.
 */
export class DexError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: DexErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DexError';
    this.retryable = RETRYABLE.has(code);
  }
}
