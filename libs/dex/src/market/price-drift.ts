import { SeededRandom } from '../random/seeded-random';
import { floorDiv } from './bigint-math';
import { PoolDefinition } from './pool.definitions';

export const PPM = 1_000_000n;

// Two octaves of value noise: a slow one shared by every pool of a pair (the market moving, a few tenths
// of a percent per minute) and a fast, small one per pool (venues never agree exactly).
const PAIR_KNOT_MS = 60_000n;
const POOL_KNOT_MS = 5_000n;

/** Deterministic price drift of a pool at a moment, in ppm of its offset price (can be negative). */
export function driftPpm(random: SeededRandom, pool: PoolDefinition, atMs: number): bigint {
  const t = BigInt(Math.floor(atMs));
  const pair = `${pool.base}/${pool.quote}`;
  return (
    valueNoise(random, ['pair', pair], t, PAIR_KNOT_MS, pool.drift.pairPpm) +
    valueNoise(random, ['pool', pool.id], t, POOL_KNOT_MS, pool.drift.poolPpm)
  );
}

/** The pool's constant offset from the reference price, in ppm, seeded in magnitude and sign. */
export function offsetPpm(random: SeededRandom, pool: PoolDefinition): bigint {
  if (!pool.offsetPpm) return 0n;
  const magnitude = random.bigint(pool.offsetPpm.min, pool.offsetPpm.max, 'offset', pool.id, 'size');
  return random.u32('offset', pool.id, 'sign') % 2 === 0 ? magnitude : -magnitude;
}

/** Offset and drift combined: the pool's price as ppm of its reference price. */
export function priceMultiplierPpm(random: SeededRandom, pool: PoolDefinition, atMs: number): bigint {
  return ((PPM + offsetPpm(random, pool)) * (PPM + driftPpm(random, pool, atMs))) / PPM;
}

/**
 * Random knots every `knotMs`, joined by smoothstep r^2(3K-2r)/K^3 so the slope stays continuous at the
 * knots (prices glide instead of zig-zagging). Bounded by `amplitude`, unlike a random walk, so a market
 * left running for weeks stays near its reference price.
 */
function valueNoise(
  random: SeededRandom,
  key: string[],
  t: bigint,
  knotMs: bigint,
  amplitude: bigint,
): bigint {
  if (amplitude === 0n) return 0n;
  const index = floorDiv(t, knotMs);
  const r = t - index * knotMs;
  const from = random.bigint(-amplitude, amplitude, 'price', ...key, index);
  const to = random.bigint(-amplitude, amplitude, 'price', ...key, index + 1n);
  const weight = r * r * (3n * knotMs - 2n * r);
  return from + floorDiv((to - from) * weight, knotMs ** 3n);
}
