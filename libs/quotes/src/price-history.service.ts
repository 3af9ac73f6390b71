import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  DEFAULT_POOLS,
  DEX_OPTIONS,
  DexOptions,
  MarketPair,
  marketPairs,
  PoolDefinition,
  PriceSeries,
  priceHistory,
  SeededRandom,
} from '@app/dex';
import { OrderValidationError } from '@app/orders';
import { PriceHistoryQuery } from './price-history.query';

export const DEFAULT_HISTORY_MINUTES = 60;
export const DEFAULT_HISTORY_POINTS = 120;
/** The walk is linear within a second: closer points would show nothing new. */
const MIN_STEP_MS = 1000;
/**
 * Moments computed between two yields to the event loop. A moment nobody asked about before
 * costs up to a millisecond (a walk's path down to its second); a long cold history is computed
 * in slices so that orders and sockets are served meanwhile.
 */
const SLICE = 25;

/** The recent prices of a pair on each venue, as GET /api/market/prices answers them. */
export interface PriceHistoryView {
  pair: string;
  base: string;
  quote: string;
  /** Milliseconds between two points; the last point is the latest multiple of it. */
  stepMs: number;
  times: string[];
  series: PriceSeries[];
}

/**
 * The simulated market's prices over a recent window, per pool, computed from the seed for each
 * moment (the market is a function of the seed and the clock: see docs/simulated-market.md).
 * Points fall on multiples of the step, so two charts of the same window share their points.
 */
@Injectable()
export class PriceHistoryService {
  private readonly random: SeededRandom;
  private readonly pairs: MarketPair[] = marketPairs(DEFAULT_POOLS);

  constructor(
    @Inject(DEX_OPTIONS) options: DexOptions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.random = new SeededRandom(options.seed);
  }

  listPairs(): MarketPair[] {
    return this.pairs;
  }

  async history(query: PriceHistoryQuery): Promise<PriceHistoryView> {
    const [first, second] = query.pair.toUpperCase().split('-');
    const direct = this.pairs.find((p) => p.base === first && p.quote === second);
    const reverse = direct ? undefined : this.pairs.find((p) => p.base === second && p.quote === first);
    const pair = direct ?? reverse;
    if (!pair) {
      const names = this.pairs.map((p) => p.pair).join(', ');
      const message = `pair must be one of ${names} (or one of them reversed)`;
      throw new OrderValidationError([{ field: 'pair', rule: 'pair', message }]);
    }
    const windowMs = (query.minutes ?? DEFAULT_HISTORY_MINUTES) * 60_000;
    const wanted = query.points ?? DEFAULT_HISTORY_POINTS;
    const stepMs = Math.max(MIN_STEP_MS, Math.floor(windowMs / (wanted - 1)));
    const count = Math.min(wanted, Math.floor(windowMs / stepMs) + 1);
    const last = Math.floor(this.clock.now() / stepMs) * stepMs;
    const times = Array.from({ length: count }, (_, i) => last - (count - 1 - i) * stepMs);
    const pools = DEFAULT_POOLS.filter((pool) => pair.pools.some((p) => p.poolId === pool.id));
    return {
      pair: direct ? pair.pair : `${pair.quote}-${pair.base}`,
      base: direct ? pair.base : pair.quote,
      quote: direct ? pair.quote : pair.base,
      stepMs,
      times: times.map((t) => new Date(t).toISOString()),
      series: await this.series(pools, times, reverse !== undefined),
    };
  }

  private async series(pools: PoolDefinition[], times: number[], inverted: boolean): Promise<PriceSeries[]> {
    const series = pools.map((pool) => ({ venue: pool.venue, poolId: pool.id, prices: [] as string[] }));
    for (let from = 0; from < times.length; from += SLICE) {
      if (from > 0) await new Promise((resolve) => setImmediate(resolve));
      const slice = priceHistory(this.random, pools, times.slice(from, from + SLICE), inverted);
      slice.forEach((s, i) => series[i].prices.push(...s.prices));
    }
    return series;
  }
}
