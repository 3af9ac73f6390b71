/*
 * A pool's price = the reference pair price × (1 + its constant offset) × (1 + a decaying deviation), all
 * in log space. The deviation is background trading: every 5 s window holds one seeded trade that pushes
 * the pool at a seeded moment by a roughly normal log move (spread noisePpm), and arbitrageurs unwind it
 * linearly over 60 s. Summing the ~13 live pushes is a pure function of (seed, pool, time), like the rest.
 */
import { SeededRandom } from '../random/seeded-random';
import { tokenBySymbol } from '../tokens/token.constants';
import { referenceAsset } from './asset.definitions';
import { floorDiv } from './bigint-math';
import { BoundedMemo } from './bounded-memo';
import { E18, LN10_E18 } from './fixed-point.math';
import { PoolDefinition } from './pool.definitions';
import { baseLogPriceE18, walkLogE18 } from './reference-price';
import { gaussian } from './seeded-noise';

const PPM_TO_E18 = E18 / 1_000_000n;
const TRADE_WINDOW_MS = 5_000n;
const UNWIND_MS = 60_000n;
const trades = new BoundedMemo<{ at: bigint; push: bigint }>(20_000);

/** ln of the pool's price, in quote base units per base base unit (what DLMM bins are priced in), 1e18. */
export function poolLogPriceE18(random: SeededRandom, pool: PoolDefinition, atMs: number): bigint {
  const decimals = tokenBySymbol(pool.quote).decimals - tokenBySymbol(pool.base).decimals;
  return referencePairLogE18(pool) + BigInt(decimals) * LN10_E18 + poolDeviationE18(random, pool, atMs);
}

/** ln(base price / quote price) from the assets' base prices, human units: where the pool starts. */
export function referencePairLogE18(pool: PoolDefinition): bigint {
  return baseLogPriceE18(referenceAsset(pool.base)) - baseLogPriceE18(referenceAsset(pool.quote));
}

/** Log distance of the pool's price at t from its reference pair price: both walks, offset and trades. */
export function poolDeviationE18(random: SeededRandom, pool: PoolDefinition, atMs: number): bigint {
  const t = BigInt(Math.floor(atMs));
  const walk = walkLogE18(random, referenceAsset(pool.base), t) - walkLogE18(random, referenceAsset(pool.quote), t);
  return walk + offsetE18(random, pool) + backgroundTradesE18(random, pool, t);
}

/** Offsets already drawn, per random source and pool definition: constant, and read on every quote. */
const offsets = new WeakMap<SeededRandom, WeakMap<PoolDefinition, bigint>>();

/** The pool's constant offset, log 1e18 scale, seeded in magnitude and sign. */
export function offsetE18(random: SeededRandom, pool: PoolDefinition): bigint {
  if (!pool.offsetPpm) return 0n;
  let known = offsets.get(random);
  if (!known) offsets.set(random, (known = new WeakMap()));
  let offset = known.get(pool);
  if (offset === undefined) known.set(pool, (offset = drawOffsetE18(random, pool.id, pool.offsetPpm)));
  return offset;
}

function drawOffsetE18(random: SeededRandom, poolId: string, offsetPpm: { min: bigint; max: bigint }): bigint {
  const magnitude = random.bigint(offsetPpm.min, offsetPpm.max, 'offset', poolId, 'size');
  const sign = random.u32('offset', poolId, 'sign') % 2 === 0 ? 1n : -1n;
  return sign * magnitude * PPM_TO_E18;
}

/** The live pushes of background trades at t, each fading linearly to nothing over UNWIND_MS. */
export function backgroundTradesE18(random: SeededRandom, pool: PoolDefinition, t: bigint): bigint {
  if (pool.noisePpm === 0n) return 0n;
  let sum = 0n;
  const last = floorDiv(t, TRADE_WINDOW_MS);
  for (let window = floorDiv(t - UNWIND_MS, TRADE_WINDOW_MS); window <= last; window++) {
    const { at, push } = backgroundTrade(random, pool, window);
    const age = t - at;
    if (age < 0n || age >= UNWIND_MS) continue;
    sum += (push * (UNWIND_MS - age)) / UNWIND_MS;
  }
  return sum;
}

/** The one background trade of a window: when it lands and how far it pushes the pool (log, 1e18). */
function backgroundTrade(random: SeededRandom, pool: PoolDefinition, window: bigint): { at: bigint; push: bigint } {
  return trades.get(`${random.seed}|${pool.id}|${window}`, () => ({
    at: window * TRADE_WINDOW_MS + random.bigint(0n, TRADE_WINDOW_MS - 1n, 'price', 'trade', pool.id, window),
    push: gaussian(random, pool.noisePpm * PPM_TO_E18, 'trade-size', pool.id, window),
  }));
}
