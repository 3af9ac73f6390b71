import { DexError, DexErrorCode } from '../errors/dex.error';
import { Token, tokenBySymbol } from '../tokens/token.constants';
import { Venue, VenueQuote } from '../venues/venue.interface';
import { LaunchCatalog } from './launch-catalog.service';
import { GRADUATED_POOL_PREFIX, graduatedPoolId } from './launch-market';
import { notYetTradable } from './launchpad.venue';

const SOL = tokenBySymbol('SOL');

/**
 * A venue (Raydium) with the AMM pools of graduated launches added to its own: a launched token's
 * pool SOL/TOKEN is listed from the moment its curve completes. Every other pool is the wrapped venue's.
 */
export class GraduatedPoolsVenue implements Venue {
  readonly name: Venue['name'];

  constructor(
    private readonly venue: Venue,
    private readonly catalog: LaunchCatalog,
  ) {
    this.name = venue.name;
  }

  poolsFor(tokenIn: Token, tokenOut: Token): string[] {
    const own = this.venue.poolsFor(tokenIn, tokenOut);
    const market = this.catalog.forPair(tokenIn, tokenOut);
    if (!market || market.stateAt(this.catalog.now()) !== 'graduated') return own;
    return [...own, graduatedPoolId(market.launch.token.mint)];
  }

  poolFor(tokenIn: Token, tokenOut: Token): string | undefined {
    return this.poolsFor(tokenIn, tokenOut)[0];
  }

  quoteAt(poolId: string, tokenIn: Token, amountIn: bigint, atMs: number): VenueQuote {
    if (!poolId.startsWith(GRADUATED_POOL_PREFIX)) return this.venue.quoteAt(poolId, tokenIn, amountIn, atMs);
    const market = this.catalog.market(poolId.slice(GRADUATED_POOL_PREFIX.length));
    const launch = market?.launch;
    if (!market || !launch || (tokenIn.mint !== SOL.mint && tokenIn.mint !== launch.token.mint)) {
      throw new DexError(DexErrorCode.NO_ROUTE, `${this.name} has no pool ${poolId} holding ${tokenIn.symbol}`);
    }
    if (amountIn <= 0n) throw new DexError(DexErrorCode.NO_ROUTE, `${this.name}: nothing to swap`, { poolId });
    if (atMs < launch.launchAtMs) throw notYetTradable(launch);
    const graduatedAt = market.graduatedAtMs();
    if (graduatedAt === null || atMs < graduatedAt) {
      throw new DexError(DexErrorCode.INSUFFICIENT_LIQUIDITY, `${poolId} opens when the ${launch.token.symbol} curve completes`, {
        poolId,
      });
    }
    return { venue: this.name, ...market.ammPool().quoteAt(tokenIn, amountIn, atMs) };
  }
}
