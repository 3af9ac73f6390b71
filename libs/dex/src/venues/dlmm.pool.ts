import { DexError, DexErrorCode } from '../errors/dex.error';
import { dlmmStateAt } from '../market/dlmm-state';
import { dlmmSwapExactIn, DlmmSwapState } from '../market/dlmm.math';
import { DlmmPoolDefinition } from '../market/pool.definitions';
import { SeededRandom } from '../random/seeded-random';
import { Token } from '../tokens/token.constants';
import { PoolQuote, PoolQuoter, roundsToZero, sellsBase } from './pool-quoter';

/** Meteora DLMM: the pool's bins at the moment, swapped through bin by bin (market/dlmm.math.ts). */
export class DlmmPool implements PoolQuoter {
  /** The router quotes one pool many times at one moment; the bins are the same each time. */
  private last?: { atMs: number; state: DlmmSwapState };

  constructor(
    readonly definition: DlmmPoolDefinition,
    private readonly random: SeededRandom,
  ) {}

  quoteAt(tokenIn: Token, amountIn: bigint, atMs: number): PoolQuote {
    const pool = this.definition;
    let result;
    try {
      result = dlmmSwapExactIn(this.stateAt(atMs), sellsBase(pool, tokenIn), amountIn);
    } catch (error) {
      if (error instanceof DexError && error.code === DexErrorCode.INSUFFICIENT_LIQUIDITY) {
        throw new DexError(DexErrorCode.INSUFFICIENT_LIQUIDITY, `${pool.id}: ${error.message}`, {
          poolId: pool.id,
          ...error.details,
        });
      }
      throw error;
    }
    if (result.amountOut === 0n) throw roundsToZero(pool.venue, pool.id);
    const { amountOut, feeAmount, priceImpactBps } = result;
    return { poolId: pool.id, inAmount: amountIn, outAmount: amountOut, feeAmount, priceImpactBps, poolKind: 'dlmm' };
  }

  private stateAt(atMs: number): DlmmSwapState {
    if (this.last?.atMs !== atMs) this.last = { atMs, state: dlmmStateAt(this.random, this.definition, atMs) };
    return this.last.state;
  }
}
