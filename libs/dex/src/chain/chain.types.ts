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
  /**
   * Everything the transaction pays if it lands and swaps: signature + priority fee + Jito tip.
   * One that lands and fails pays the signature and priority fees only (the tip transfer is
   * reverted with the swap); one that expires pays nothing.
   */
  feeLamports: bigint;
  /**
   * The SetComputeUnitPrice of the transaction, micro-lamports per compute unit. This and the
   * parts of feeLamports below are absent from transactions stored before fee choices existed:
   * those paid 50,000 micro-lamports per compute unit, 5,000 lamports per signature and no tip
   * (builtFees reads either kind).
   */
  computeUnitPriceMicroLamports?: bigint;
  signatureFeeLamports?: bigint;
  priorityFeeLamports?: bigint;
  /** 0 when the transaction tips nothing. */
  jitoTipLamports?: bigint;
  /** The Jito tip account the tip goes to (only when tipped). */
  jitoTipAccount?: string;
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
  /** What the transaction paid: signature + priority fee + tip. */
  feeLamports: bigint;
  computeUnitPriceMicroLamports: bigint;
  signatureFeeLamports: bigint;
  priorityFeeLamports: bigint;
  jitoTipLamports: bigint;
  /** True when its tip met the tip floor of its window: it landed as a Jito bundle in the slot after sending. */
  bundle: boolean;
  confirmedAt: number;
}
