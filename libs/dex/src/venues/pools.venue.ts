import { DexError, DexErrorCode } from '../errors/dex.error';
import { VenueName } from '../market/pool.definitions';
import { Token } from '../tokens/token.constants';
import { holds, PoolQuoter, tradesPair } from './pool-quoter';
import { Venue, VenueQuote } from './venue.interface';

/** A venue is its pools: Raydium runs AMM v4 and CPMM pools, Meteora DLMM pools; each pool quotes itself. */
export class PoolsVenue implements Venue {
  constructor(
    readonly name: VenueName,
    private readonly pools: readonly PoolQuoter[],
  ) {}

  poolsFor(tokenIn: Token, tokenOut: Token): string[] {
    return this.pools
      .filter((pool) => tradesPair(pool.definition, tokenIn, tokenOut))
      .map((pool) => pool.definition.id);
  }

  poolFor(tokenIn: Token, tokenOut: Token): string | undefined {
    return this.poolsFor(tokenIn, tokenOut)[0];
  }

  quoteAt(poolId: string, tokenIn: Token, amountIn: bigint, atMs: number): VenueQuote {
    const pool = this.pools.find((candidate) => candidate.definition.id === poolId);
    const definition = pool?.definition;
    if (!pool || !definition || !(holds(definition.base, tokenIn) || holds(definition.quote, tokenIn))) {
      throw new DexError(DexErrorCode.NO_ROUTE, `${this.name} has no pool ${poolId} holding ${tokenIn.symbol}`);
    }
    if (amountIn <= 0n) throw new DexError(DexErrorCode.NO_ROUTE, `${this.name}: nothing to swap`, { poolId });
    return { venue: this.name, ...pool.quoteAt(tokenIn, amountIn, atMs) };
  }
}
