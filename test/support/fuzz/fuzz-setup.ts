import fc from 'fast-check';
import Redis from 'ioredis';
import { Client } from 'pg';
import { TEST_ENV } from '../test-env';

/**
 * Seed, run counts and stores of the fuzz suite. The seed is fixed so runs are reproducible;
 * FUZZ_SEED=random picks a random one (printed on failure; FUZZ_SEED=<n> replays it) and
 * FUZZ_RUNS=<factor> scales the number of runs of every property (default 1).
 */
export const SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20_261_124);
const RUNS_FACTOR = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * RUNS_FACTOR));
export const params = <T>(numRuns: number): fc.Parameters<T> => ({ numRuns: runs(numRuns), seed: SEED });

/** A fuzz suite's own database (the test database's name + `_<name>`) and queue prefix (`<prefix>-<name>`). */
export function fuzzStores(name: string) {
  const url = new URL(TEST_ENV.DATABASE_URL);
  url.pathname = `${url.pathname}_${name}`;
  const databaseUrl = url.toString();
  const queuePrefix = `${TEST_ENV.QUEUE_PREFIX}-${name}`;
  return {
    databaseUrl,
    queuePrefix,
    /** Drops the database (the engine creates and migrates it again on start) and deletes the queue keys. */
    reset: async () => {
      await dropDatabase(databaseUrl);
      const redis = new Redis(TEST_ENV.REDIS_URL);
      const keys = await redis.keys(`${queuePrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** The HTTP fuzz suite's stores. */
const httpFuzzStores = fuzzStores('fuzz');
export const FUZZ_DATABASE_URL = httpFuzzStores.databaseUrl;
export const FUZZ_QUEUE_PREFIX = httpFuzzStores.queuePrefix;

/** Drops the HTTP fuzz suite's database and deletes its queue keys, so it starts from empty stores. */
export const resetFuzzStores = httpFuzzStores.reset;
