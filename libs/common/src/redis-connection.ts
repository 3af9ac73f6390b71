import Redis, { RedisOptions } from 'ioredis';

/** Where Redis is: REDIS_URL, parsed once when the settings are loaded. */
export interface RedisEndpoint {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
}

/** What a connection is for; each role needs different behaviour from ioredis. */
export type RedisRole = 'queue' | 'publisher' | 'subscriber';

const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  // BullMQ adds what its own connections need (a worker's blocking reads retry forever).
  queue: {},
  // A publish or a health ping gives up after two reconnection attempts instead of waiting in
  // the offline queue: events are in Postgres already, and health must answer.
  publisher: { maxRetriesPerRequest: 2 },
  // Opened on first use; its commands wait for a reconnection rather than fail, since a
  // subscription is only useful once it is in place.
  subscriber: { maxRetriesPerRequest: null, lazyConnect: true, disableClientInfo: true },
};

/** A redis:// or rediss:// URL as connection options (BullMQ takes options, not a URL). */
export function parseRedisUrl(url: string): RedisEndpoint {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must start with redis:// or rediss://, got ${u.protocol}`);
  }
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: u.protocol === 'rediss:',
  };
}

/** The ioredis options of a connection of this role to this endpoint. */
export function redisOptions(endpoint: RedisEndpoint, role: RedisRole): RedisOptions {
  const { tls, ...address } = endpoint;
  return { ...address, ...(tls ? { tls: {} } : {}), ...ROLE_OPTIONS[role] };
}

/** Every Redis connection of the engine that is not BullMQ's own is made here. */
export function createRedis(endpoint: RedisEndpoint, role: Exclude<RedisRole, 'queue'>): Redis {
  return new Redis(redisOptions(endpoint, role));
}
