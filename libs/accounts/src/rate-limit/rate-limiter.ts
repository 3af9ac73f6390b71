import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedis, DependencyUnavailableError, MicroBatcher, OverloadedError, withTimeout } from '@app/common';
import { edgeConfig, EdgeConfig, redisConfig, RedisConfig } from '@app/config';
import { RateLimitKind, RateLimitState } from '../domain/account-errors';

/**
 * The generic cell rate algorithm (GCRA) in one Redis script, for a group of checks at once: each
 * key holds the "theoretical arrival time" of its account's next request; a request is allowed
 * when it is no more than `burst` intervals early. Time is Redis's own clock (TIME), so every api
 * process sees one allowance. ARGV holds a rate and a burst per key. Replies, four numbers per
 * key: allowed (0/1), remaining, ms until the allowance is whole, ms until the next request may
 * pass. (All keys in one script call: with Redis Cluster they would have to share a hash slot.)
 */
const GCRA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local interval = 1000 / rate
  local tat = tonumber(redis.call('GET', key)) or now
  if tat < now then tat = now end
  local newTat = tat + interval
  local allowAt = newTat - interval * burst
  if allowAt > now then
    out[#out + 1] = 0; out[#out + 1] = 0; out[#out + 1] = math.ceil(tat - now); out[#out + 1] = math.ceil(allowAt - now)
  else
    redis.call('SET', key, tostring(newTat), 'PX', math.ceil(newTat - now) + 1)
    out[#out + 1] = 1; out[#out + 1] = math.floor((now - allowAt) / interval); out[#out + 1] = math.ceil(newTat - now); out[#out + 1] = 0
  end
end
return out
`;

/** How long a check may wait for Redis before the request is answered 503. */
const CHECK_TIMEOUT_MS = 1000;

interface Check {
  key: string;
  perSecond: number;
}

type GcraRedis = Redis & { gcra(numberOfKeys: number, ...keysThenArgs: Array<string | number>): Promise<number[]> };

/**
 * Per-account allowances shared by every api process, kept in Redis. Checks that arrive together
 * go to Redis in one pipeline. A limit of 0 means none: no Redis call at all.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly redis: GcraRedis;
  private readonly checks: MicroBatcher<Check, number[]>;

  constructor(
    @Inject(redisConfig.KEY) private readonly cfg: RedisConfig,
    @Inject(edgeConfig.KEY) edge: EdgeConfig,
  ) {
    this.checks = new MicroBatcher((batch) => this.checkGroup(batch), {
      maxBatch: 500,
      maxInFlight: 4,
      maxWaiting: edge.groupQueueLimit,
      name: 'rate limit checks',
    });
    this.redis = createRedis(cfg.endpoint, 'publisher') as GcraRedis;
    this.redis.defineCommand('gcra', { lua: GCRA });
    this.redis.on('error', () => undefined); // a check that fails answers 503; the socket error says nothing more
  }

  /** Spends one request of the account's allowance; `allowed` false means 429. */
  async take(accountId: string, kind: RateLimitKind, perSecond: number): Promise<{ allowed: boolean; state: RateLimitState } | undefined> {
    if (perSecond <= 0) return undefined;
    let reply: number[];
    try {
      reply = await withTimeout(this.checks.add({ key: `${this.cfg.prefix}:rate:${kind}:${accountId}`, perSecond }), CHECK_TIMEOUT_MS, 'rate limit check');
    } catch (err) {
      if (err instanceof OverloadedError) throw err;
      throw new DependencyUnavailableError('redis', `the rate limiter cannot reach Redis: ${(err as Error).message}`);
    }
    const [allowed, remaining, resetMs, retryAfterMs] = reply;
    return { allowed: allowed === 1, state: { kind, limit: perSecond, remaining, resetMs, retryAfterMs } };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  /** One script call for the whole group: the checks that arrived together cost one command. */
  private async checkGroup(batch: Check[]): Promise<number[][]> {
    const args = batch.flatMap((c) => [c.perSecond, Math.max(1, c.perSecond)]);
    const reply = await this.redis.gcra(batch.length, ...batch.map((c) => c.key), ...args);
    return batch.map((_, i) => reply.slice(4 * i, 4 * i + 4));
  }
}
