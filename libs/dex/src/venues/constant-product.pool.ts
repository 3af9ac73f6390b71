import { U64_MAX } from '../amounts/amount.codec';
import { DexError, DexErrorCode } from '../errors/dex.error';
import { BPS, FeeRate, PPM, swapExactInAtRate } from '../market/constant-product.math';
import { PoolReserves, reservesAt } from '../market/market-state';
import { ConstantProductPoolDefinition } from '../market/pool.definitions';
import { SeededRandom } from '../random/seeded-random';
import { Token } from '../tokens/token.constants';
import { PoolQuote, PoolQuoter, roundsToZero, sellsBase } from './pool-quoter';

/**
 * A trade may not leave less than 1/100 of the output reserve: the curve itself never empties a pool, but
 * an order that big is draining it in all but name, and on a real market it would fail or be refused.
 */
const MIN_RESERVE_LEFT_DIVISOR = 100n;

/** Raydium AMM v4 (fee in bps) or CPMM (fee in ppm): the same constant-product curve. */
export class ConstantProductPool implements PoolQuoter {
  private readonly fee: FeeRate;
  /** The router quotes one pool many times at one moment; the reserves are the same each time. */
  private last?: { atMs: number; reserves: PoolReserves };

  /**
   * `reservesOf`: the pool's reserves at a moment; by default derived from its reference reserves and
   * the moving market (market-state.ts). A launch's graduated pool derives its own.
   */
  constructor(
    readonly definition: ConstantProductPoolDefinition,
    random: SeededRandom,
    private readonly reservesOf: (atMs: number) => PoolReserves = (atMs) => reservesAt(random, definition, atMs),
  ) {
    this.fee =
      definition.kind === 'amm-v4'
        ? { numerator: definition.feeBps, denominator: BPS }
        : { numerator: definition.feePpm, denominator: PPM };
  }

  quoteAt(tokenIn: Token, amountIn: bigint, atMs: number): PoolQuote {
    const pool = this.definition;
    const reserves = this.reservesAt(atMs);
    const [reserveIn, reserveOut] = sellsBase(pool, tokenIn)
      ? [reserves.base, reserves.quote]
      : [reserves.quote, reserves.base];
    assertFits(pool.id, amountIn, reserveIn);
    const { feeAmount, amountOut, priceImpactBps } = swapExactInAtRate(amountIn, reserveIn, reserveOut, this.fee);
    assertLeavesLiquidity(pool.id, amountOut, reserveOut);
    if (amountOut === 0n) throw roundsToZero(pool.venue, pool.id);
    const poolKind = pool.kind;
    return { poolId: pool.id, inAmount: amountIn, outAmount: amountOut, feeAmount, priceImpactBps, poolKind };
  }

  private reservesAt(atMs: number): PoolReserves {
    if (this.last?.atMs !== atMs) this.last = { atMs, reserves: this.reservesOf(atMs) };
    return this.last.reserves;
  }
}

/** The input vault is a u64 token account: a deposit that overflows it cannot happen on chain. */
function assertFits(poolId: string, amountIn: bigint, reserveIn: bigint): void {
  if (reserveIn + amountIn > U64_MAX) {
    throw new DexError(DexErrorCode.INSUFFICIENT_LIQUIDITY, `${poolId}: input overflows the pool vault`, {
      poolId,
      amountIn: amountIn.toString(),
    });
  }
}

function assertLeavesLiquidity(poolId: string, amountOut: bigint, reserveOut: bigint): void {
  if (amountOut >= reserveOut || reserveOut - amountOut < reserveOut / MIN_RESERVE_LEFT_DIVISOR) {
    throw new DexError(DexErrorCode.INSUFFICIENT_LIQUIDITY, `${poolId}: the trade would drain the pool`, {
      poolId,
      amountOut: amountOut.toString(),
      reserveOut: reserveOut.toString(),
    });
  }
}
