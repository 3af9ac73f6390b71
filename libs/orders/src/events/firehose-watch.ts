import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { redisConfig, RedisConfig } from '@app/config';
import { ORDER_EVENTS_REDIS, watchedAccountsKey } from './order-events.tokens';

/** How often a process re-reads which accounts are watched elsewhere, and renews its own entries. */
export const FIREHOSE_WATCH_REFRESH_MS = 1000;
/** An entry not renewed for this long is dropped: its process died without removing it. */
export const FIREHOSE_WATCH_TTL_MS = 15_000;

/**
 * Which accounts have a firehose (`WS /ws/orders`) open in some API process, so that events are
 * published on an account's channel only while someone listens to it, and not otherwise.
 *
 * Each process that holds firehoses writes `<accountId> <processId>` into one sorted set, scored
 * with the entry's expiry, renews it every second and removes it when its last firehose of that
 * account closes. Every process that publishes reads the live entries every second. So when no
 * firehose is open, an event costs one lookup in a local Set, and each process one small Redis
 * read a second. A process sees its own firehoses at once (the engine in one process, as
 * `npm start` runs it), another process's within a second; an order whose events all went out in
 * that second is missed by the firehose, and any later event of an order brings the ones the
 * firehose missed from Postgres.
 */
@Injectable()
export class FirehoseWatch implements OnModuleDestroy {
  private readonly logger = new Logger(FirehoseWatch.name);
  private readonly processId = randomUUID();
  private readonly local = new Map<string, number>();
  private remote: ReadonlySet<string> = new Set();
  private readonly timer: NodeJS.Timeout;
  private refreshing = false;
  private failing = false;

  constructor(
    @Inject(ORDER_EVENTS_REDIS) private readonly redis: Redis,
    @Inject(redisConfig.KEY) private readonly cfg: RedisConfig,
  ) {
    this.timer = setInterval(() => void this.refresh(), FIREHOSE_WATCH_REFRESH_MS);
    this.timer.unref();
  }

  /** Whether some process streams this account's events. */
  isWatched(accountId: string): boolean {
    return this.local.has(accountId) || this.remote.has(accountId);
  }

  /** Marks the account watched by one more local firehose; returns the function that ends it. */
  watch(accountId: string): () => void {
    const count = this.local.get(accountId) ?? 0;
    this.local.set(accountId, count + 1);
    if (count === 0) void this.write(['zadd', this.key, Date.now() + FIREHOSE_WATCH_TTL_MS, this.member(accountId)]);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const left = (this.local.get(accountId) ?? 1) - 1;
      if (left > 0) return void this.local.set(accountId, left);
      this.local.delete(accountId);
      void this.write(['zrem', this.key, this.member(accountId)]);
    };
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One pipeline a second: drop expired entries, renew ours, read everyone's. Skipped while one runs. */
  async refresh(now = Date.now()): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const pipeline = this.redis.pipeline().zremrangebyscore(this.key, '-inf', now);
      if (this.local.size > 0) {
        const entries = [...this.local.keys()].flatMap((a) => [now + FIREHOSE_WATCH_TTL_MS, this.member(a)]);
        pipeline.zadd(this.key, ...entries);
      }
      pipeline.zrange(this.key, 0, -1);
      const results = (await pipeline.exec()) ?? [];
      const [err, members] = results[results.length - 1] ?? [new Error('no answer')];
      if (err) throw err;
      this.remote = new Set((members as string[]).map((m) => m.slice(0, m.indexOf(' '))));
      if (this.failing) this.logger.log('watched accounts readable again');
      this.failing = false;
    } catch (err) {
      // The last known set stays in force; the next refresh tries again.
      if (!this.failing) this.logger.warn(`reading the watched accounts failed: ${(err as Error).message}`);
      this.failing = true;
    } finally {
      this.refreshing = false;
    }
  }

  private get key(): string {
    return watchedAccountsKey(this.cfg.prefix);
  }

  private member(accountId: string): string {
    return `${accountId} ${this.processId}`;
  }

  private async write(command: [string, ...Array<string | number>]): Promise<void> {
    try {
      await this.redis.call(...command);
    } catch (err) {
      this.logger.warn(`updating the watched accounts failed: ${(err as Error).message}`);
    }
  }
}
