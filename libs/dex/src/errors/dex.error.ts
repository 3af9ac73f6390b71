/** Every failure code of the market and chain (the table in docs/simulated-market.md). */
export const DexErrorCode = {
  NO_ROUTE: 'NO_ROUTE',
  INSUFFICIENT_LIQUIDITY: 'INSUFFICIENT_LIQUIDITY',
  RPC_TIMEOUT: 'RPC_TIMEOUT',
  RPC_RATE_LIMITED: 'RPC_RATE_LIMITED',
  QUOTE_EXPIRED: 'QUOTE_EXPIRED',
  SLIPPAGE_EXCEEDED: 'SLIPPAGE_EXCEEDED',
  BLOCKHASH_EXPIRED: 'BLOCKHASH_EXPIRED',
  /** The token is announced but its launch slot has not come: nothing trades it yet. */
  NOT_YET_TRADABLE: 'NOT_YET_TRADABLE',
  /** The launch's bonding curve completed (the token graduated) before the swap landed on it. */
  CURVE_COMPLETE: 'CURVE_COMPLETE',
} as const;
export type DexErrorCode = (typeof DexErrorCode)[keyof typeof DexErrorCode];

/** Codes where a fresh attempt (re-quote, rebuild, resend) can succeed; the others are facts about the market. */
const RETRYABLE: ReadonlySet<DexErrorCode> = new Set<DexErrorCode>([
  DexErrorCode.RPC_TIMEOUT,
  DexErrorCode.RPC_RATE_LIMITED,
  DexErrorCode.QUOTE_EXPIRED,
  DexErrorCode.SLIPPAGE_EXCEEDED,
  DexErrorCode.BLOCKHASH_EXPIRED,
  // A fresh quote routes through the graduated AMM pool instead.
  DexErrorCode.CURVE_COMPLETE,
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
