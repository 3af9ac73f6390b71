/*
 * Past prices of the simulated market. A pool's price is a pure function of (seed, pool, time)
 * (pool-price.ts), so its history is computed for the moments asked, never recorded: any process
 * answers the same, for any window, with nothing stored.
 */
import { SeededRandom } from '../random/seeded-random';
import { expE18, E18 } from './fixed-point.math';
import { DEFAULT_POOLS, PoolDefinition, PoolKind, VenueName } from './pool.definitions';
import { poolDeviationE18, referencePairLogE18 } from './pool-price';

/** A pair some pool trades, named `BASE-QUOTE`, with the pools that trade it. */
export interface MarketPair {
  pair: string;
  base: string;
  quote: string;
  pools: Array<{ venue: VenueName; poolId: string; kind: PoolKind }>;
}

/** One pool's prices (quote per base, token units, as decimal strings) at the history's times. */
export interface PriceSeries {
  venue: VenueName;
  poolId: string;
  prices: string[];
}

/** Significant digits of a price in a history: far finer than a chart shows, and short to send. */
export const HISTORY_PRICE_DIGITS = 9;

/** The pairs of the pools, in pool order; a pair traded by several venues is listed once. */
export function marketPairs(pools: readonly PoolDefinition[] = DEFAULT_POOLS): MarketPair[] {
  const pairs = new Map<string, MarketPair>();
  for (const pool of pools) {
    const name = `${pool.base}-${pool.quote}`;
    const pair = pairs.get(name) ?? { pair: name, base: pool.base, quote: pool.quote, pools: [] };
    pair.pools.push({ venue: pool.venue, poolId: pool.id, kind: pool.kind });
    pairs.set(name, pair);
  }
  return [...pairs.values()];
}

/**
 * The pool's price at a moment in token units, 1e18 scale: quote per base, or base per quote
 * when `inverted`. The same price the pool quotes around (a DLMM pool's active bin follows it).
 */
export function poolPriceE18(random: SeededRandom, pool: PoolDefinition, atMs: number, inverted = false): bigint {
  const log = referencePairLogE18(pool) + poolDeviationE18(random, pool, atMs);
  return expE18(inverted ? -log : log);
}

/** Each pool's prices at each of `times` (epoch ms). */
export function priceHistory(
  random: SeededRandom,
  pools: readonly PoolDefinition[],
  times: readonly number[],
  inverted = false,
): PriceSeries[] {
  return pools.map((pool) => ({
    venue: pool.venue,
    poolId: pool.id,
    prices: times.map((t) => formatSignificant(poolPriceE18(random, pool, t, inverted), HISTORY_PRICE_DIGITS)),
  }));
}

/** A positive 1e18-scaled value as a decimal string rounded (half up) to `digits` significant digits. */
export function formatSignificant(valueE18: bigint, digits: number): string {
  if (valueE18 <= 0n) return '0';
  const text = valueE18.toString();
  const drop = text.length - digits;
  const unit = drop > 0 ? 10n ** BigInt(drop) : 1n;
  const rounded = drop > 0 ? ((valueE18 + unit / 2n) / unit) * unit : valueE18;
  const whole = rounded / E18;
  const fraction = (rounded % E18).toString().padStart(18, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}
