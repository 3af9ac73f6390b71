import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedis, DependencyUnavailableError, MicroBatcher, withTimeout } from '@app/common';
import { redisConfig, RedisConfig } from '@app/config';
import { RateLimitKind, RateLimitState } from '../domain/account-errors';

/**
 * The generic cell rate algorithm (GCRA) in one Redis script: the key holds the "theoretical
 * arrival time" of the next request; a request is allowed when it is no more than `burst`
 * intervals early. Time is Redis's own clock (TIME), so every api process sees one allowance.
 * Replies: allowed (0/1), remaining, ms until the allowance is whole, ms until the next request may pass.
 */
const GCRA = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = 1000 / rate
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local newTat = tat + interval
local allowAt = newTat - interval * burst
if allowAt > now then
  return {0, 0, math.ceil(tat - now), math.ceil(allowAt - now)}
end
redis.call('SET', KEYS[1], tostring(newTat), 'PX', math.ceil(newTat - now) + 1)
return {1, math.floor((now - allowAt) / interval), math.ceil(newTat - now), 0}
`;

/** How long a check may wait for Redis before the request is answered 503. */
const CHECK_TIMEOUT_MS = 1000;

interface Check {
  key: string;
  perSecond: number;
}

type GcraRedis = Redis & { gcra(key: string, rate: number, burst: number): Promise<number[]> };

/**
 * Per-account allowances shared by every api process, kept in Redis. Checks that arrive together
 * go to Redis in one pipeline. A limit of 0 means none: no Redis call at all.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly redis: GcraRedis;
  private readonly checks = new MicroBatcher<Check, number[]>((batch) => this.checkGroup(batch), {
    maxBatch: 500,
    maxInFlight: 4,
  });

  constructor(@Inject(redisConfig.KEY) private readonly cfg: RedisConfig) {
    this.redis = createRedis(cfg.endpoint, 'publisher') as GcraRedis;
    this.redis.defineCommand('gcra', { numberOfKeys: 1, lua: GCRA });
    this.redis.on('error', () => undefined); // a check that fails answers 503; the socket error says nothing more
  }

  /** Spends one request of the account's allowance; `allowed` false means 429. */
  async take(accountId: string, kind: RateLimitKind, perSecond: number): Promise<{ allowed: boolean; state: RateLimitState } | undefined> {
    if (perSecond <= 0) return undefined;
    let reply: number[];
    try {
      reply = await withTimeout(this.checks.add({ key: `${this.cfg.prefix}:rate:${kind}:${accountId}`, perSecond }), CHECK_TIMEOUT_MS, 'rate limit check');
    } catch (err) {
      throw new DependencyUnavailableError('redis', `the rate limiter cannot reach Redis: ${(err as Error).message}`);
    }
    const [allowed, remaining, resetMs, retryAfterMs] = reply;
    return { allowed: allowed === 1, state: { kind, limit: perSecond, remaining, resetMs, retryAfterMs } };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private async checkGroup(batch: Check[]): Promise<Array<number[] | Error>> {
    const pipeline = this.redis.pipeline() as ReturnType<Redis['pipeline']> & { gcra(key: string, rate: number, burst: number): unknown };
    for (const c of batch) pipeline.gcra(c.key, c.perSecond, Math.max(1, c.perSecond));
    const results = (await pipeline.exec()) ?? [];
    return batch.map((_, i) => {
      const [err, value] = results[i] ?? [new Error('no reply')];
      return err ?? (value as number[]);
    });
  }
}
