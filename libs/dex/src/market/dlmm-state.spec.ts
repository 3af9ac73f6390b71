import { SeededRandom } from '../random/seeded-random';
import { binPriceE18 } from './dlmm-bin-price';
import { activeBinAt, dlmmStateAt } from './dlmm-state';
import { expE18 } from './fixed-point.math';
import { DEFAULT_POOLS, DlmmPoolDefinition } from './pool.definitions';
import { poolLogPriceE18 } from './pool-price';

const T0 = 1_750_000_000_000;
const meteora = DEFAULT_POOLS.find((p) => p.id === 'meteora-dlmm-sol-usdc') as DlmmPoolDefinition;
const SOL = 10n ** 9n;
const USDC = 10n ** 6n;

describe('DLMM state', () => {
  it('makes the active bin the one that holds the pool price', () => {
    const random = new SeededRandom('bins');
    for (let t = T0; t < T0 + 600_000; t += 53_000) {
      const { id, positionPpm } = activeBinAt(random, meteora, t);
      const price = expE18(poolLogPriceE18(random, meteora, t));
      expect(binPriceE18(10, id) <= price + 1n && price <= binPriceE18(10, id + 1)).toBe(true);
      expect(positionPpm >= 0n && positionPpm < 1_000_000n).toBe(true);
    }
  });

  it('lays out 60 bins of 2,250 USDC below, 60 of 15 SOL above, and splits the active bin', () => {
    const state = dlmmStateAt(new SeededRandom('bins'), meteora, T0);
    const { id, positionPpm } = activeBinAt(new SeededRandom('bins'), meteora, T0);
    expect(state.activeId).toBe(id);
    expect(state.bins.size).toBe(121);
    for (let offset = 1; offset <= 60; offset++) {
      expect(state.bins.get(id - offset)).toEqual({ x: 0n, y: 2_250n * USDC });
      expect(state.bins.get(id + offset)).toEqual({ x: 15n * SOL, y: 0n });
    }
    expect(state.bins.get(id - 61)).toBeUndefined();
    expect(state.bins.get(id)).toEqual({
      x: (15n * SOL * (1_000_000n - positionPpm)) / 1_000_000n,
      y: (2_250n * USDC * positionPpm) / 1_000_000n,
    });
  });

  it('moves the active bin with the market, and the volatility accumulator with the moves', () => {
    const random = new SeededRandom('bins');
    const ids = new Set<number>();
    let sawVolatility = false;
    for (let t = T0; t < T0 + 3_600_000; t += 30_000) {
      const state = dlmmStateAt(random, meteora, t);
      ids.add(state.activeId);
      if (state.volatilityReference > 0n) sawVolatility = true;
      expect(state.volatilityReference <= meteora.fees.maxVolatilityAccumulator).toBe(true);
    }
    expect(ids.size).toBeGreaterThan(5); // SOL moves several 0.1% bins in an hour
    expect(sawVolatility).toBe(true);
  });
});
