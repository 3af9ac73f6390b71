import Redis from 'ioredis';
import { Client } from 'pg';
import { RedisEndpoint, redisOptions } from './redis-connection';
import { withTimeout } from './with-timeout';

const PROBE_TIMEOUT_MS = 3000;

/** Postgres' "database does not exist": reachable, and the engine creates it at start. */
const NO_SUCH_DATABASE = '3D000';
/** Postgres' login refusals (bad password, no such role or no pg_hba entry). */
const LOGIN_REFUSED = new Set(['28P01', '28000']);

const HOW_TO_START = {
  postgres:
    'Start it (Debian/Ubuntu: sudo service postgresql start; macOS: brew services start postgresql@16; ' +
    'Docker: docker compose -f docker/compose.yml up -d postgres), or set DATABASE_URL to a running server.',
  redis:
    'Start it (Debian/Ubuntu: sudo service redis-server start; macOS: brew services start redis; ' +
    'Docker: docker compose -f docker/compose.yml up -d redis), or set REDIS_URL to a running server.',
};

/**
 * Checks that Postgres and Redis answer before a process starts, so that a newcomer without them
 * reads which one is missing and how to start it instead of a stack trace. Resolves with one
 * message per problem (empty when both answer). Never prints credentials: only host and port.
 */
export async function findUnreachableServices(databaseUrl: string, redis: RedisEndpoint): Promise<string[]> {
  const problems = await Promise.all([probePostgres(databaseUrl), probeRedis(redis)]);
  return problems.filter((p): p is string => p !== undefined);
}

/** For a process's start: prints what is missing and how to start it, and exits, when a service does not answer. */
export async function exitUnlessServicesAnswer(who: string, databaseUrl: string, redis: RedisEndpoint): Promise<void> {
  const problems = await findUnreachableServices(databaseUrl, redis);
  if (problems.length === 0) return;
  console.error(`${who} cannot start:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}

async function probePostgres(url: string): Promise<string | undefined> {
  const u = new URL(url);
  const where = `PostgreSQL at ${u.hostname}:${u.port || 5432}`;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return undefined;
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    if (code === NO_SUCH_DATABASE) return undefined;
    if (code && LOGIN_REFUSED.has(code)) {
      return `${where} refused the login (${message}). Set DATABASE_URL with a user and password it accepts.`;
    }
    return `${where} cannot be reached (${message}). ${HOW_TO_START.postgres}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function probeRedis(endpoint: RedisEndpoint): Promise<string | undefined> {
  const where = `Redis at ${endpoint.host}:${endpoint.port}`;
  const redis = new Redis({
    ...redisOptions(endpoint, 'publisher'),
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The socket's own error (ECONNREFUSED…) says more than the rejection ("Connection is closed").
  let socketError: Error | undefined;
  redis.on('error', (err: Error) => (socketError ??= err));
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (err) {
    const message = (socketError ?? (err as Error)).message;
    if (/NOAUTH|WRONGPASS|invalid password/i.test(message)) {
      return `${where} refused the login (${message}). Set REDIS_URL with the password it expects.`;
    }
    return `${where} cannot be reached (${message}). ${HOW_TO_START.redis}`;
  } finally {
    redis.disconnect();
  }
}

export type ServiceState = 'up' | 'down';

/**
 * The health probes' check, on the engine's own connections (its pool, its Redis client): runs
 * every check at once, each bounded by `timeoutMs`, and names each 'up' or 'down'.
 */
export async function checkServices<K extends string>(
  checks: Record<K, () => Promise<unknown>>,
  timeoutMs = 1000,
): Promise<Record<K, ServiceState>> {
  const names = Object.keys(checks) as K[];
  const states = await Promise.all(
    names.map((name) =>
      withTimeout(checks[name](), timeoutMs, `${name} check`).then(
        (): ServiceState => 'up',
        (): ServiceState => 'down',
      ),
    ),
  );
  return Object.fromEntries(names.map((name, i) => [name, states[i]])) as Record<K, ServiceState>;
}
