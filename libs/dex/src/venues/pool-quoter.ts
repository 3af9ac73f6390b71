import { DexError, DexErrorCode } from '../errors/dex.error';
import { PoolDefinition } from '../market/pool.definitions';
import { Token, tokenBySymbol } from '../tokens/token.constants';
import { VenueQuote } from './venue.interface';

/** A quote for one pool, before the venue puts its name on it. */
export type PoolQuote = Omit<VenueQuote, 'venue'>;

/** One pool's program: turns the market at a moment into an exact-in quote. */
export interface PoolQuoter {
  readonly definition: PoolDefinition;
  /** tokenIn is one of the pool's two tokens (the venue checks). */
  quoteAt(tokenIn: Token, amountIn: bigint, atMs: number): PoolQuote;
}

export function holds(symbol: string, token: Token): boolean {
  return tokenBySymbol(symbol).mint === token.mint;
}

/** True when the input is the pool's base token (DLMM's X), false when it is the quote token. */
export function sellsBase(pool: PoolDefinition, tokenIn: Token): boolean {
  return holds(pool.base, tokenIn);
}

export function tradesPair(pool: PoolDefinition, tokenIn: Token, tokenOut: Token): boolean {
  return (
    (holds(pool.base, tokenIn) && holds(pool.quote, tokenOut)) ||
    (holds(pool.quote, tokenIn) && holds(pool.base, tokenOut))
  );
}

export function roundsToZero(venue: string, poolId: string): DexError {
  return new DexError(DexErrorCode.NO_ROUTE, `${venue}: amount too small, the output rounds to zero`, { poolId });
}
