import { RouteKind } from '../router/route.types';

/** One swap instruction of a built transaction. */
export interface BuiltLeg {
  venue: string;
  poolId: string;
  /** Symbols. */
  tokenIn: string;
  tokenOut: string;
  /** This leg's input; for a chained leg, the input it was quoted with (at landing it takes what the previous leg produced). */
  inAmount: bigint;
  quotedOut: bigint;
  chained: boolean;
}

/** A swap transaction ready to sign and send: the route's winner, with its floor and its blockhash. */
export interface BuiltSwap {
  /** The route's label, e.g. "meteora" or "raydium 35% + meteora 65%". */
  route: string;
  kind: RouteKind;
  legs: BuiltLeg[];
  /** Symbols. */
  tokenIn: string;
  tokenOut: string;
  inAmount: bigint;
  quotedOut: bigint;
  minAmountOut: bigint;
  slippageBps: number;
  computeUnits: number;
  /** Signature + priority fee: paid if the transaction lands, whether the swap succeeds or not. */
  feeLamports: bigint;
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
