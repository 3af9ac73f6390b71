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

/** The suite's own database (the test database's name + "_fuzz") and queue prefix. */
export const FUZZ_DATABASE_URL = (() => {
  const url = new URL(TEST_ENV.DATABASE_URL);
  url.pathname = `${url.pathname}_fuzz`;
  return url.toString();
})();
export const FUZZ_QUEUE_PREFIX = `${TEST_ENV.QUEUE_PREFIX}-fuzz`;

/** Drops the suite's own database; the engine creates and migrates it again on start. */
async function dropFuzzDatabase(): Promise<void> {
  const name = new URL(FUZZ_DATABASE_URL).pathname.slice(1);
  const admin = new URL(FUZZ_DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Drops the suite's database and deletes its queue keys, so it starts from empty stores. */
export async function resetFuzzStores(): Promise<void> {
  await dropFuzzDatabase();
  const redis = new Redis(TEST_ENV.REDIS_URL);
  const keys = await redis.keys(`${FUZZ_QUEUE_PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}
