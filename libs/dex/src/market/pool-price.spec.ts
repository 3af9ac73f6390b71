import { SeededRandom } from '../random/seeded-random';
import { E18 } from './fixed-point.math';
import { DEFAULT_POOLS, PoolDefinition } from './pool.definitions';
import { backgroundTradesE18, offsetE18, poolDeviationE18 } from './pool-price';

const T0 = 1_750_000_000_000;
const pool = (id: string): PoolDefinition => DEFAULT_POOLS.find((p) => p.id === id)!;
const raydium = pool('raydium-amm-v4-sol-usdc');
const meteora = pool('meteora-dlmm-sol-usdc');
const PPM = E18 / 1_000_000n;
const abs = (v: bigint) => (v < 0n ? -v : v);

describe('pool price', () => {
  it('offsets Meteora SOL/USDC from Raydium by 0.03-0.10%, with a seeded sign', () => {
    const signs = new Set<boolean>();
    for (let i = 0; i < 40; i++) {
      const offset = offsetE18(new SeededRandom(`seed-${i}`), meteora) / PPM;
      expect(abs(offset) >= 300n && abs(offset) <= 1_000n).toBe(true);
      signs.add(offset > 0n);
    }
    expect(signs).toEqual(new Set([true, false]));
    expect(offsetE18(new SeededRandom('x'), raydium)).toBe(0n);
  });

  it('keeps the offset of each seed, whichever seeds were asked before (offsets are cached per source)', () => {
    const a = new SeededRandom('offset-a');
    const b = new SeededRandom('offset-b');
    const first = offsetE18(a, meteora);
    expect(offsetE18(b, meteora)).toBe(offsetE18(new SeededRandom('offset-b'), meteora));
    expect(offsetE18(a, meteora)).toBe(first);
    expect(offsetE18(new SeededRandom('offset-a'), meteora)).toBe(first);
    // A pool defined with other bounds gets its own draw, even under the same id.
    const wider = { ...meteora, offsetPpm: { min: 5_000n, max: 6_000n } };
    expect(abs(offsetE18(a, wider) / PPM) >= 5_000n).toBe(true);
  });

  it('keeps the two venues close: they share the reference and differ by offset and trades only', () => {
    const random = new SeededRandom('venues');
    for (let t = T0; t < T0 + 3_600_000; t += 61_000) {
      const gap = abs(poolDeviationE18(random, meteora, t) - poolDeviationE18(random, raydium, t)) / PPM;
      expect(gap).toBeLessThan(4_000n); // offset <= 0.1% plus two pools' background trades
    }
  });

  it('pushes pools with background trades that arbitrage unwinds within a minute', () => {
    const random = new SeededRandom('trades');
    const samples: bigint[] = [];
    for (let t = T0; t < T0 + 600_000; t += 1_000) samples.push(backgroundTradesE18(random, raydium, BigInt(t)) / PPM);
    expect(new Set(samples).size).toBeGreaterThan(300); // it moves
    expect(samples.every((s) => abs(s) < 150n * 12n)).toBe(true); // ~13 live pushes of spread 150 ppm
    // trades push both ways, so the deviation crosses zero rather than building up
    expect(samples.some((s) => s > 0n) && samples.some((s) => s < 0n)).toBe(true);
  });

  it('is deterministic per seed and time', () => {
    const at = (seed: string, t: number) => poolDeviationE18(new SeededRandom(seed), meteora, t);
    expect(at('d', T0 + 5)).toBe(at('d', T0 + 5));
    expect(at('d', T0)).not.toBe(at('e', T0));
  });
});
