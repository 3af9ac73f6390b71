import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedis } from '@app/common';
import { executionConfig, ExecutionConfig, redisConfig, RedisConfig } from '@app/config';
import { DexError, DexRouter, LaunchCatalog, parseFeeChoice, SimulatedChain, Token, TokenRegistry } from '@app/dex';
import {
  IllegalTransitionError,
  MarketPrices,
  ORDER_DISPATCHER,
  OrderDispatcher,
  OrderTransitions,
  WaitingOrdersRepository,
} from '@app/orders';
import { orderLine } from './order-log';
import { TickTimer } from './tick-timer';

/** Orders that may trigger per pair and side in one tick; the rest wait for the next tick. */
const STOPS_PER_TICK = 1000;
/** Limit orders in reach quoted exactly per pair in one tick (each costs a quote). */
const LIMITS_PER_TICK = 200;
const EXPIRIES_PER_TICK = 1000;
/** Snipers of one launch triggered per tick; more wait for the next tick, behind these in the queue. */
const SNIPERS_PER_TICK = 1000;

/** What one tick did, for tests and the bench. */
export interface TickReport {
  tickAt: Date;
  pairs: number;
  triggered: string[];
  expired: string[];
  /** Snipers triggered, in their launches' queue order. */
  sniped: string[];
}

/**
 * Watches waiting orders, one market tick (TRIGGER_TICK_MS) at a time: expires those past their
 * time, and triggers limit and stop orders whose price the market reached. The cost of a tick
 * grows with the pairs that have waiting orders and with the orders that trigger, not with the
 * number that wait: per pair and side, one market price and one index range of candidates
 * (stops at or above the price all trigger; limits at or below it are quoted exactly for their
 * size, since their own price is never better than the market's). Snipers trigger in the first
 * tick of their launch's first slot, queued one behind another on its curve.
 *
 * Every worker runs the loop; one of them takes each tick (a Redis key per tick, SET NX), and every
 * trigger is claimed with a compare-and-set in Postgres before its job is dispatched, so an order
 * triggers once however many workers watch. Waiting orders live in Postgres: after a restart of
 * every process they wait and trigger as before.
 */
@Injectable()
export class TriggerEngine implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TriggerEngine.name);
  private readonly redis: Redis;
  private timer?: TickTimer;

  constructor(
    private readonly waiting: WaitingOrdersRepository,
    private readonly transitions: OrderTransitions,
    private readonly prices: MarketPrices,
    private readonly router: DexRouter,
    private readonly tokens: TokenRegistry,
    private readonly launches: LaunchCatalog,
    private readonly chain: SimulatedChain,
    @Inject(ORDER_DISPATCHER) private readonly dispatcher: OrderDispatcher,
    @Inject(redisConfig.KEY) private readonly redisCfg: RedisConfig,
    @Inject(executionConfig.KEY) private readonly cfg: ExecutionConfig,
  ) {
    this.redis = createRedis(redisCfg.endpoint, 'publisher');
    this.redis.on('error', () => undefined); // a tick that cannot take its key is skipped
  }

  onApplicationBootstrap(): void {
    // On the ticks' boundaries, so that every worker competes for the same tick.
    this.timer = new TickTimer(this.cfg.triggerTickMs, (tickAt) =>
      this.tickIfLeader(tickAt).catch((err: Error) => this.logger.warn(`trigger tick failed: ${err.message}`)),
    );
    this.timer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.timer?.stop();
    this.redis.disconnect();
  }

  /** One tick, if no other worker took it; exposed for tests. */
  async tickIfLeader(tickAt: Date): Promise<TickReport | undefined> {
    const tick = Math.floor(tickAt.getTime() / this.cfg.triggerTickMs);
    const key = `${this.redisCfg.prefix}:triggers:tick:${tick}`;
    const taken = await this.redis.set(key, '1', 'PX', this.cfg.triggerTickMs * 4, 'NX');
    return taken === 'OK' ? this.tick(tickAt) : undefined;
  }

  /** Expires, then triggers; dispatches the triggered orders' jobs. */
  async tick(tickAt: Date): Promise<TickReport> {
    // Expiry first: an order past its time does not trigger in the same tick. Then every pair and
    // every launch at once, each dispatching its own orders as soon as it has claimed them: the
    // tick takes as long as its slowest pair, not as long as all of them.
    const expired = await this.expire();
    const [pairs, launches] = await Promise.all([this.waiting.activePairs(), this.waiting.sniperTokens()]);
    const [triggered, sniped] = await Promise.all([
      Promise.all(pairs.map((pair) => this.triggerPair(pair.tokenIn, pair.tokenOut, tickAt))),
      Promise.all(launches.map((token) => this.triggerSnipers(token, tickAt))),
    ]);
    return { tickAt, pairs: pairs.length, triggered: triggered.flat(), expired, sniped: sniped.flat() };
  }


  private async expire(): Promise<string[]> {
    const due = await this.waiting.dueForExpiry(EXPIRIES_PER_TICK);
    const expired = await Promise.all(
      due.map(async ({ id, expiresAt }) => {
        try {
          await this.transitions.transition(id, {
            from: 'waiting',
            to: 'expired',
            onlyIfUntriggered: true,
            details: { expiresAt: expiresAt.toISOString() },
          });
          return id;
        } catch (err) {
          if (err instanceof IllegalTransitionError) return undefined; // cancelled or triggered meanwhile
          throw err;
        }
      }),
    );
    return expired.filter((id): id is string => id !== undefined);
  }

  private async triggerPair(tokenInSymbol: string, tokenOutSymbol: string, tickAt: Date): Promise<string[]> {
    const [tokenIn, tokenOut] = [this.tokens.resolve(tokenInSymbol), this.tokens.resolve(tokenOutSymbol)];
    if (!tokenIn || !tokenOut) return [];
    let price;
    try {
      price = await this.prices.current(tokenIn, tokenOut);
    } catch (err) {
      if (err instanceof DexError) return []; // no route or a venue not answering: no trigger this tick
      throw err;
    }
    const [stops, limits] = await Promise.all([
      this.waiting.stopsReached(tokenInSymbol, tokenOutSymbol, price.text, STOPS_PER_TICK),
      this.limitsMet(tokenIn, tokenOut, price.text),
    ]);
    const claimed = await this.waiting.claim([...stops, ...limits], tickAt);
    await this.dispatchAll(claimed);
    return claimed.map((c) => c.id);
  }

  /**
   * A launch whose first slot has come: its waiting snipers trigger, queued as the slot's leader
   * would order their transactions: the higher compute-unit price first ('auto' priced for the
   * slot's congestion), then the higher Jito tip, then arrival. Each fills on the curve after the
   * SOL of those ahead of it, so later snipers pay more.
   */
  private async triggerSnipers(symbol: string, tickAt: Date): Promise<string[]> {
    const token = this.tokens.resolve(symbol);
    // A launch the market no longer knows (over a day old) cannot trade: its snipers wait for their expiry.
    if (!token || !this.launches.isTradable(token.mint, tickAt.getTime())) return [];
    const launchAtMs = this.launches.get(token.mint)!.launchAtMs;
    const candidates = await this.waiting.snipersOf(symbol, SNIPERS_PER_TICK);
    const bids = candidates.map((c) => {
      const choice = parseFeeChoice({ priorityFee: c.priorityFee ?? undefined, jitoTipLamports: c.jitoTipLamports ?? undefined });
      return { ...c, price: this.chain.computeUnitPriceAt(choice, launchAtMs), tip: c.jitoTipLamports ?? 0n };
    });
    bids.sort((a, b) => cmp(b.price, a.price) || cmp(b.tip, a.tip) || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
    const claimed = await this.waiting.claimSnipers(symbol, bids, tickAt);
    await this.dispatchAll(claimed);
    return claimed.map((c) => c.id);
  }

  private async dispatchAll(claimed: ReadonlyArray<{ id: string; attempt: number }>): Promise<void> {
    await Promise.all(
      claimed.map(({ id, attempt }) =>
        this.dispatcher.dispatch(id, { removeOnFinish: true, attemptsBefore: attempt }).catch((err: Error) => {
          // Claimed but not enqueued: the reconciler enqueues a triggered order that has no job.
          // `attempt`: the order's attempts so far (its next run is the one after).
          this.logger.warn(orderLine(id, attempt, `order ${id} triggered but not yet enqueued (${err.message})`));
        }),
      ),
    );
  }

  /** Limit orders whose own quote (for their size) now pays at least their trigger price. */
  private async limitsMet(tokenIn: Token, tokenOut: Token, priceText: string): Promise<string[]> {
    const candidates = await this.waiting.limitsInReach(tokenIn.symbol, tokenOut.symbol, priceText, LIMITS_PER_TICK);
    const met = await Promise.all(
      candidates.map(async (c) => {
        try {
          const route = await this.router.quote(tokenIn, tokenOut, c.amountIn);
          return route.best.outAmount >= c.minOutFloor ? c.id : undefined;
        } catch (err) {
          if (err instanceof DexError) return undefined;
          throw err;
        }
      }),
    );
    return met.filter((id): id is string => id !== undefined);
  }
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
