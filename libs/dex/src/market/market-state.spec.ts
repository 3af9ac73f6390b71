import { SeededRandom } from '../random/seeded-random';
import { referenceReserves, reservesAt } from './market-state';
import { ConstantProductPoolDefinition, DEFAULT_POOLS } from './pool.definitions';
import { E18, expE18 } from './fixed-point.math';
import { poolDeviationE18 } from './pool-price';

const T0 = 1_750_000_000_000;
const pool = (id: string) => DEFAULT_POOLS.find((p) => p.id === id) as ConstantProductPoolDefinition;
const raydium = pool('raydium-amm-v4-sol-usdc');

describe('constant-product market state', () => {
  it('starts from the reference reserves of MARKET.md', () => {
    expect(referenceReserves(raydium)).toEqual({ base: 20_000n * 10n ** 9n, quote: 3_000_000n * 10n ** 6n });
    expect(referenceReserves(pool('raydium-amm-v4-jup-usdc')).quote).toBe(1_600_000n * 10n ** 6n);
    expect(referenceReserves(pool('raydium-cpmm-ray-usdc')).quote).toBe(1_000_000n * 10n ** 6n);
    // 30e9 BONK at 0.00002 / 150 SOL each = 4,000 SOL
    const bonk = referenceReserves(pool('raydium-amm-v4-bonk-sol'));
    expect(bonk).toEqual({ base: 30n * 10n ** 14n, quote: 4_000n * 10n ** 9n });
  });

  it('is identical for the same seed and time, computed independently', () => {
    for (const t of [T0, T0 + 1, T0 + 123_456]) {
      expect(reservesAt(new SeededRandom('s'), raydium, t)).toEqual(reservesAt(new SeededRandom('s'), raydium, t));
    }
    expect(reservesAt(new SeededRandom('a'), raydium, T0)).not.toEqual(reservesAt(new SeededRandom('b'), raydium, T0));
  });

  it('keeps the constant product while the price moves, and prices the pool where the market is', () => {
    const { base: x0, quote: y0 } = referenceReserves(raydium);
    const random = new SeededRandom('k');
    for (let t = T0; t < T0 + 3_600_000; t += 370_000) {
      const { base, quote } = reservesAt(random, raydium, t);
      // floors on both sqrt terms lose at most x + y + 1
      expect(x0 * y0 - base * quote <= base + quote + 1n && base * quote <= x0 * y0).toBe(true);
      // pool price / reference price = e^deviation, to within a ppm
      const ratioE18 = (quote * x0 * E18) / (base * y0);
      const expected = expE18(poolDeviationE18(random, raydium, t));
      expect((ratioE18 - expected) * 1_000_000n / expected).toBe(0n);
    }
  });
});
