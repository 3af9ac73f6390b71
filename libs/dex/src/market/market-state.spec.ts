import { SeededRandom } from '../random/seeded-random';
import { referenceReserves, reservesAt } from './market-state';
import { DEFAULT_POOLS, PoolDefinition } from './pool.definitions';
import { driftPpm, offsetPpm } from './price-drift';

const T0 = 1_750_000_000_000;
const pool = (id: string): PoolDefinition => DEFAULT_POOLS.find((p) => p.id === id)!;
const raydium = pool('raydium-amm-v4-sol-usdc');
const meteora = pool('meteora-sol-usdc');
/** The pool's SOL price in ppm of 150 USDC/SOL. */
const pricePpm = (r: { base: bigint; quote: bigint }) =>
  (r.quote * 10n ** 9n * 1_000_000n) / (r.base * 150_000_000n);

describe('market state', () => {
  it('starts from the reference reserves of the spec', () => {
    expect(referenceReserves(raydium)).toEqual({ base: 20_000n * 10n ** 9n, quote: 3_000_000n * 10n ** 6n });
    expect(referenceReserves(meteora).base).toBe(15_000n * 10n ** 9n);
    expect(referenceReserves(pool('raydium-amm-v4-jup-usdc')).quote).toBe(1_600_000n * 10n ** 6n);
  });

  it('is identical for the same seed and time, computed independently', () => {
    for (const t of [T0, T0 + 1, T0 + 123_456]) {
      expect(reservesAt(new SeededRandom('s'), raydium, t)).toEqual(reservesAt(new SeededRandom('s'), raydium, t));
    }
  });

  it('differs between seeds', () => {
    const at = (seed: string) => reservesAt(new SeededRandom(seed), raydium, T0);
    expect(at('a')).not.toEqual(at('b'));
  });

  it('moves with time, smoothly and within its amplitude', () => {
    const random = new SeededRandom('drift');
    const bound = raydium.drift.pairPpm + raydium.drift.poolPpm;
    let previous = driftPpm(random, raydium, T0);
    const seen = new Set<bigint>();
    for (let t = T0 + 1_000; t <= T0 + 600_000; t += 1_000) {
      const drift = driftPpm(random, raydium, t);
      expect(drift <= bound && drift >= -bound).toBe(true);
      // smoothstep of knots bounds the slope: well under 0.05% per second
      expect(drift - previous < 500n && previous - drift < 500n).toBe(true);
      seen.add(drift);
      previous = drift;
    }
    expect(seen.size).toBeGreaterThan(500);
  });

  it('keeps the constant product while the price moves', () => {
    const { base: x0, quote: y0 } = referenceReserves(raydium);
    const k0 = x0 * y0;
    for (let t = T0; t < T0 + 300_000; t += 37_000) {
      const { base, quote } = reservesAt(new SeededRandom('k'), raydium, t);
      const k = base * quote;
      // floors on both sqrt terms lose at most x + y + 1
      expect(k <= k0 && k0 - k <= base + quote + 1n).toBe(true);
    }
  });

  it('offsets meteora from raydium by 2-5%, with a seeded sign', () => {
    const signs = new Set<boolean>();
    for (let i = 0; i < 40; i++) {
      const random = new SeededRandom(`seed-${i}`);
      const offset = offsetPpm(random, meteora);
      const magnitude = offset < 0n ? -offset : offset;
      expect(magnitude >= 20_000n && magnitude <= 50_000n).toBe(true);
      signs.add(offset > 0n);
      const gap = pricePpm(reservesAt(random, meteora, T0)) - pricePpm(reservesAt(random, raydium, T0));
      const absGap = gap < 0n ? -gap : gap;
      expect(absGap > 19_000n && absGap < 51_500n).toBe(true);
    }
    expect(signs).toEqual(new Set([true, false]));
    expect(offsetPpm(new SeededRandom('x'), raydium)).toBe(0n);
  });
});
