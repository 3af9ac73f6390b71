/** A swap transaction ready to sign and send: the route's winner, with its floor and its blockhash. */
export interface BuiltSwap {
  venue: string;
  poolId: string;
  /** Symbols. */
  tokenIn: string;
  tokenOut: string;
  inAmount: bigint;
  quotedOut: bigint;
  minAmountOut: bigint;
  slippageBps: number;
  blockhash: string;
  lastValidSlot: number;
  builtAt: number;
  /** Human-readable instructions, in order. */
  steps: string[];
}

export interface SubmittedSwap {
  /** 64 bytes, base58 (87-88 chars); derived from (seed, orderId, attempt). */
  signature: string;
  submittedAt: number;
  submitSlot: number;
}

export interface Confirmation {
  signature: string;
  /** The slot the transaction landed in. */
  slot: number;
  amountOut: bigint;
  feeLamports: bigint;
  confirmedAt: number;
}
