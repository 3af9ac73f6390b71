import { DexErrorCode } from '../errors/dex.error';
import { FeeChoice } from '../fees/fee-choice';
import { NetworkFees } from '../fees/network-fees';
import { Token } from '../tokens/token.constants';

/**
 * `two-hop`: two chained swaps (A → X → B); `multi-hop`: more than two (up to MAX_HOPS), with the
 * count in `hops`. Two hops keep their own kind, as clients have always seen them.
 */
export type RouteKind = 'single' | 'split' | 'two-hop' | 'multi-hop';

/** The longest chain of swaps a route may take (A → X → Y → B). */
export const MAX_HOPS = 3;

/** One swap instruction of a route, as quoted. */
export interface RouteLeg {
  venue: string;
  poolId: string;
  tokenIn: Token;
  tokenOut: Token;
  inAmount: bigint;
  /** After the venue fee. */
  outAmount: bigint;
  /** In this leg's input-token base units. */
  feeAmount: bigint;
  priceImpactBps: number;
  /** Share of the order's input this leg trades, in bps; a later hop trades all the previous one produced. */
  shareBps: number;
  /** A second or later hop: its input is the previous leg's output, whatever that turns out to be at landing. */
  chained: boolean;
}

/** One way to fill the order: a single pool, a two-pool split, or a path of 2 to MAX_HOPS chained swaps. */
export interface RouteOption {
  kind: RouteKind;
  /**
   * For people: "meteora", "raydium 35% + meteora 65%", "raydium → meteora via USDC",
   * "raydium → raydium → meteora via SOL, USDC".
   */
  label: string;
  /** Swaps in sequence: 1 for a single pool or a split, 2 for two-hop, 3 for a three-hop path. */
  hops: number;
  legs: RouteLeg[];
  /** To the trader, after venue fees, before slippage. */
  outAmount: bigint;
  computeUnits: bigint;
  /** Signature fee + priority fee for this route's compute budget + the Jito tip, if any (= fees.feeLamports). */
  networkFeeLamports: bigint;
  /** The network fee in parts, at the compute-unit price of the fee choice. */
  fees: NetworkFees;
  /** The network fee in output-token base units (0 when no pool prices SOL in that token). */
  networkFeeOut: bigint;
  /** What routes are ranked by: outAmount − networkFeeOut. */
  score: bigint;
  /** Output-weighted price impact of the legs, fee excluded. */
  priceImpactBps: number;
}

/** One route the router considered: its numbers, or why it could not be used. */
export interface RouteCandidate {
  kind: RouteKind;
  label: string;
  hops?: number;
  outAmount?: bigint;
  networkFeeOut?: bigint;
  score?: bigint;
  priceImpactBps?: number;
  legs?: Array<{ venue: string; poolId: string; shareBps: number }>;
  error?: { code: DexErrorCode; message: string };
}

/** The router's answer: the winning route, every candidate, and why the winner won. */
export interface Route {
  tokenIn: Token;
  tokenOut: Token;
  inAmount: bigint;
  best: RouteOption;
  candidates: RouteCandidate[];
  /** A sentence for the user, e.g. "meteora gives 149.88 USDC, 12 bps more than raydium". */
  reason: string;
  /** How much more the winner's score is than the next best, in bps; null when nothing else quoted. */
  gainBps: number | null;
  /** Epoch ms; quotes go stale after QUOTE_TTL_MS. */
  quotedAt: number;
  expiresAt: number;
  /** The fee choice the route was quoted with (absent: the default price, no tip); building uses it unless given another. */
  feeChoice?: FeeChoice;
  /** With a tip: the Jito tip floor when quoted; a tip at or above the floor of the sending window lands in the next slot. */
  jitoTipFloorLamports?: bigint;
}

export const QUOTE_TTL_MS = 10_000;
