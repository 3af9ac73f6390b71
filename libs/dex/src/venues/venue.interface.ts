import { ExecutionContext } from '../execution-context.interface';
import { PoolKind, VenueName } from '../market/pool.definitions';
import { Token } from '../tokens/token.constants';

/** One venue's exact-in quote for one pool. */
export interface VenueQuote {
  venue: VenueName;
  poolId: string;
  inAmount: bigint;
  /** After the venue fee, before slippage. */
  outAmount: bigint;
  /** In input-token base units. */
  feeAmount: bigint;
  /** Integer bps, fee excluded, against the pool's spot price (DLMM: the active bin's price). */
  priceImpactBps: number;
  /** The program behind the pool, for routing that treats curves and bins differently. */
  poolKind?: PoolKind;
}

/**
 * A trading venue as the router and the chain see it. Quoting is a pure function of the market at a
 * moment; latency, timeouts and faults are the caller's (they belong to the RPC, not to the pool).
 * New venues or pool kinds implement this and join the DEX_VENUES list; DexRouter's callers never change.
 */
export interface Venue {
  readonly name: VenueName;
  /** Every pool of this venue for the pair (either direction), in a fixed order; empty if none. */
  poolsFor(tokenIn: Token, tokenOut: Token): string[];
  /** The first of poolsFor, if any. */
  poolFor(tokenIn: Token, tokenOut: Token): string | undefined;
  /** Throws DexError INSUFFICIENT_LIQUIDITY, or NO_ROUTE when the output rounds to nothing. */
  quoteAt(poolId: string, tokenIn: Token, amountIn: bigint, atMs: number): VenueQuote;
  /**
   * The venue as one order sees it, for venues whose fill depends on the order's place in a queue
   * (the launchpad and ExecutionContext.launchQueue); venues without one are the same for everyone.
   */
  forContext?(ctx: ExecutionContext): Venue;
}

/** The venues as the order of `ctx` sees them (the same array when nothing depends on the order). */
export function venuesFor(venues: Venue[], ctx: ExecutionContext | undefined): Venue[] {
  if (!ctx?.launchQueue) return venues;
  return venues.map((venue) => venue.forContext?.(ctx) ?? venue);
}

/** DI token for the Venue[] the router iterates over and the chain executes against. */
export const DEX_VENUES = Symbol('DEX_VENUES');
