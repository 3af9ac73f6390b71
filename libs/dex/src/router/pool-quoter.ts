import { DexError, DexErrorCode } from '../errors/dex.error';
import { Token } from '../tokens/token.constants';
import { Venue, VenueQuote } from '../venues/venue.interface';

/** A pool whose state the router has read, and the moment it read it. */
export interface PoolRef {
  venue: Venue;
  poolId: string;
  atMs: number;
}

/**
 * Quotes against pool states already read: once the router has the accounts, splitting and
 * chaining are local arithmetic, as in a real aggregator. Amounts too small to produce any output
 * quote as zero output (not an error), so a split search can probe them.
 */
export function quotePool(ref: PoolRef, tokenIn: Token, amountIn: bigint): VenueQuote {
  if (amountIn === 0n) return emptyQuote(ref, amountIn);
  try {
    return ref.venue.quoteAt(ref.poolId, tokenIn, amountIn, ref.atMs);
  } catch (error) {
    // The pool exists, so NO_ROUTE can only mean the output rounds to nothing.
    if (error instanceof DexError && error.code === DexErrorCode.NO_ROUTE) {
      return emptyQuote(ref, amountIn);
    }
    throw error;
  }
}

/**
 * The largest input ≤ `max` the pool can fill (it may run out of bins or reserve), or 0; found to
 * within `precision` from below, so the answer always fills.
 */
export function largestFill(ref: PoolRef, tokenIn: Token, max: bigint, precision = 1n): bigint {
  if (fills(ref, tokenIn, max)) return max;
  let [lo, hi] = [0n, max];
  while (hi - lo > precision) {
    const mid = (lo + hi) / 2n;
    if (fills(ref, tokenIn, mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function fills(ref: PoolRef, tokenIn: Token, amount: bigint): boolean {
  try {
    quotePool(ref, tokenIn, amount);
    return true;
  } catch (error) {
    if (error instanceof DexError) return false;
    throw error;
  }
}

function emptyQuote(ref: PoolRef, amountIn: bigint): VenueQuote {
  return { venue: ref.venue.name, poolId: ref.poolId, inAmount: amountIn, outAmount: 0n, feeAmount: 0n, priceImpactBps: 0 };
}
