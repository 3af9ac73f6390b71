import { DexError } from '../errors/dex.error';
import { dlmmStateAt } from '../market/dlmm-state';
import { dlmmSwapExactIn } from '../market/dlmm.math';
import { DEFAULT_POOLS, DlmmPoolDefinition } from '../market/pool.definitions';
import { SeededRandom } from '../random/seeded-random';
import { tokenBySymbol } from '../tokens/token.constants';
import { DlmmPool } from './dlmm.pool';

const T0 = 1_750_000_000_000;
const random = new SeededRandom('dlmm-seed');
const definition = DEFAULT_POOLS.find((p) => p.id === 'meteora-dlmm-sol-usdc') as DlmmPoolDefinition;
const pool = new DlmmPool(definition, random);
const [SOL, USDC] = ['SOL', 'USDC'].map(tokenBySymbol);

describe('DlmmPool', () => {
  it('quotes the bins of that moment, SOL→USDC as X→Y and USDC→SOL as Y→X', () => {
    const state = dlmmStateAt(random, definition, T0);
    const sell = dlmmSwapExactIn(state, true, 3n * 10n ** 9n);
    expect(pool.quoteAt(SOL, 3n * 10n ** 9n, T0)).toEqual({
      poolId: definition.id, inAmount: 3n * 10n ** 9n, outAmount: sell.amountOut,
      feeAmount: sell.feeAmount, priceImpactBps: sell.priceImpactBps, poolKind: 'dlmm',
    });
    const buy = dlmmSwapExactIn(state, false, 450n * 10n ** 6n);
    expect(pool.quoteAt(USDC, 450n * 10n ** 6n, T0).outAmount).toBe(buy.amountOut);
  });

  it('gives more for more at a worse average price, never more than its bins hold', () => {
    const state = dlmmStateAt(random, definition, T0 + 9_000);
    const held = [...state.bins.values()].reduce((sum, bin) => sum + bin.y, 0n);
    const amounts = [1n, 10n, 50n, 200n, 500n, 800n].map((n) => n * 10n ** 9n);
    const outs = amounts.map((a) => pool.quoteAt(SOL, a, T0 + 9_000).outAmount);
    for (let i = 1; i < amounts.length; i++) {
      expect(outs[i]).toBeGreaterThan(outs[i - 1]);
      // inside one bin the price is flat, so the smaller order is worse only by its floor (one base unit)
      expect(outs[i] * amounts[i - 1]).toBeLessThanOrEqual((outs[i - 1] + 1n) * amounts[i]);
    }
    // and once bins are crossed the average price strictly worsens
    expect(outs[5] * amounts[3]).toBeLessThan(outs[3] * amounts[5]);
    expect(outs[outs.length - 1]).toBeLessThanOrEqual(held);
  });

  it('fails with INSUFFICIENT_LIQUIDITY naming the pool when the bins run out', () => {
    try {
      pool.quoteAt(SOL, 10_000n * 10n ** 9n, T0);
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(DexError);
      expect((error as DexError).code).toBe('INSUFFICIENT_LIQUIDITY');
      expect((error as DexError).details).toMatchObject({ poolId: definition.id });
    }
  });

  it('fails an amount too small to produce any output', () => {
    expect(() => pool.quoteAt(SOL, 1n, T0)).toThrow(/rounds to zero/);
  });
});
