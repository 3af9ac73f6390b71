import { U64_MAX } from '../amounts/amount.codec';
import { DexError } from '../errors/dex.error';
import { swapExactIn } from '../market/constant-product.math';
import { reservesAt } from '../market/market-state';
import { PoolDefinition, VenueName } from '../market/pool.definitions';
import { SeededRandom } from '../random/seeded-random';
import { Token, tokenBySymbol } from '../tokens/token.constants';
import { Venue, VenueQuote } from './venue.interface';

/**
 * A trade may not leave less than 1/100 of the output reserve: the curve itself never empties a pool, but
 * an order that big is draining it in all but name, and on a real market it would fail or be refused.
 */
const MIN_RESERVE_LEFT_DIVISOR = 100n;

/** A venue made of constant-product pools (Raydium AMM v4 math; Meteora's pools until DLMM bins arrive). */
export class ConstantProductVenue implements Venue {
  constructor(
    readonly name: VenueName,
    private readonly pools: readonly PoolDefinition[],
    private readonly random: SeededRandom,
  ) {}

  poolFor(tokenIn: Token, tokenOut: Token): string | undefined {
    return this.pools.find(
      (pool) =>
        (holds(pool.base, tokenIn) && holds(pool.quote, tokenOut)) ||
        (holds(pool.quote, tokenIn) && holds(pool.base, tokenOut)),
    )?.id;
  }

  quoteAt(poolId: string, tokenIn: Token, amountIn: bigint, atMs: number): VenueQuote {
    const pool = this.pools.find((candidate) => candidate.id === poolId);
    if (!pool || !(holds(pool.base, tokenIn) || holds(pool.quote, tokenIn))) {
      throw new DexError('NO_ROUTE', `${this.name} has no pool ${poolId} holding ${tokenIn.symbol}`);
    }
    const reserves = reservesAt(this.random, pool, atMs);
    const [reserveIn, reserveOut] = holds(pool.base, tokenIn)
      ? [reserves.base, reserves.quote]
      : [reserves.quote, reserves.base];
    assertFits(pool, amountIn, reserveIn);
    const { feeAmount, amountOut, priceImpactBps } = swapExactIn(amountIn, reserveIn, reserveOut, pool.feeBps);
    assertLeavesLiquidity(pool, amountOut, reserveOut);
    if (amountOut === 0n) {
      throw new DexError('NO_ROUTE', `${this.name}: amount too small, the output rounds to zero`, { poolId });
    }
    return { venue: this.name, poolId, inAmount: amountIn, outAmount: amountOut, feeAmount, priceImpactBps };
  }
}

function holds(symbol: string, token: Token): boolean {
  return tokenBySymbol(symbol).mint === token.mint;
}

/** The input vault is a u64 token account: a deposit that overflows it cannot happen on chain. */
function assertFits(pool: PoolDefinition, amountIn: bigint, reserveIn: bigint): void {
  if (reserveIn + amountIn > U64_MAX) {
    throw new DexError('INSUFFICIENT_LIQUIDITY', `${pool.id}: input overflows the pool vault`, {
      poolId: pool.id,
      amountIn: amountIn.toString(),
    });
  }
}

function assertLeavesLiquidity(pool: PoolDefinition, amountOut: bigint, reserveOut: bigint): void {
  if (amountOut >= reserveOut || reserveOut - amountOut < reserveOut / MIN_RESERVE_LEFT_DIVISOR) {
    throw new DexError('INSUFFICIENT_LIQUIDITY', `${pool.id}: the trade would drain the pool`, {
      poolId: pool.id,
      amountOut: amountOut.toString(),
      reserveOut: reserveOut.toString(),
    });
  }
}
