import { SeededRandom } from '../random/seeded-random';
import { referenceAsset } from './asset.definitions';
import { E18, lnE18 } from './fixed-point.math';
import { jumpsBetween } from './price-jumps';
import { assetLogPriceE18, EPOCH_MS, referencePriceE18 } from './reference-price';

const T0 = 1_750_000_000_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const logAt = (seed: string, t: number) => assetLogPriceE18(new SeededRandom(seed), 'SOL', t);
/** |log move| in ppm (≈ percent × 10^4). */
const movePpm = (a: bigint, b: bigint) => ((a > b ? a - b : b - a) * 1_000_000n) / E18;
const median = (values: bigint[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[values.length >> 1];

describe('reference price', () => {
  it('is a pure function of seed and time, and differs between seeds', () => {
    const price = (seed: string, t: number) => referencePriceE18(new SeededRandom(seed), 'SOL', t);
    expect(price('s', T0 + 1_234)).toBe(price('s', T0 + 1_234));
    expect(price('s', T0)).not.toBe(price('t', T0));
  });

  it('holds USDC at exactly 1 and USDT within a few bps of it', () => {
    expect(referencePriceE18(new SeededRandom('s'), 'USDC', T0)).toBe(E18);
    const usdt = referencePriceE18(new SeededRandom('s'), 'USDT', T0);
    expect(usdt > E18 - E18 / 500n && usdt < E18 + E18 / 500n).toBe(true);
  });

  it('moves SOL a plausible amount per minute: typically tenths of a percent', () => {
    const moves: bigint[] = [];
    for (let i = 0; i < 240; i++) moves.push(movePpm(logAt('walk', T0 + i * MINUTE), logAt('walk', T0 + (i + 1) * MINUTE)));
    expect(moves.every((m) => m > 0n)).toBe(true);
    // |N(0, 0.3%)| has median 0.2%; jumps and their fading add a little
    expect(median(moves) > 1_000n && median(moves) < 4_000n).toBe(true);
    expect(movePpm(logAt('walk', T0), logAt('walk', T0 + 1))).toBeLessThan(100n); // no teleporting between ms
  });

  it('jumps by 1-3% now and then: the price steps across a jump instant', () => {
    const sol = referenceAsset('SOL');
    const jumps = jumpsBetween(new SeededRandom('walk'), sol, BigInt(T0), BigInt(T0 + 6 * HOUR));
    expect(jumps.length).toBeGreaterThanOrEqual(4); // 2 an hour on average
    expect(jumps.length).toBeLessThanOrEqual(24);
    for (const jump of jumps) {
      const at = Number(jump.atMs);
      const step = movePpm(logAt('walk', at - 1), logAt('walk', at));
      expect(step >= 9_900n && step <= 30_100n).toBe(true);
    }
  });

  it('stays near its reference over days (anchored), and is continuous across epoch boundaries', () => {
    const ln150 = lnE18(150n * E18);
    for (let day = 0; day < 30; day++) {
      const deviation = movePpm(logAt('long', T0 + day * 24 * HOUR), ln150);
      expect(deviation).toBeLessThan(400_000n); // within ~±40% even in a bad month
    }
    const boundary = Number((BigInt(T0) / EPOCH_MS + 1n) * EPOCH_MS);
    expect(movePpm(logAt('long', boundary - 1), logAt('long', boundary))).toBeLessThan(200n);
  });
});
