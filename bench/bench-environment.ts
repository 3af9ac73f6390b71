/**
 * A clean slate for each run: the bench database dropped (the engine recreates and migrates it)
 * and the bench Redis keys removed, so numbers never include leftovers of an earlier run.
 */
import { Client } from 'pg';
import Redis from 'ioredis';

function dbName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  // Refuse anything but a bench database: dropping is the first thing a run does.
  if (!/bench/.test(name)) throw new Error(`refusing to drop "${name}": the bench database name must contain "bench"`);
  return name;
}

async function withAdmin<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Drops (when asked) and creates the bench database. WITH (FORCE) ends a crashed run's sessions. */
export async function resetDatabase(url: string, drop: boolean): Promise<void> {
  const name = dbName(url);
  await withAdmin(url, async (c) => {
    if (drop) await c.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
    const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await c.query(`CREATE DATABASE ${quote(name)}`);
  });
}

/** Removes every key starting with `pattern` (e.g. `bench*`); SCAN keeps Redis responsive meanwhile. */
export async function cleanRedis(url: string, pattern: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: true });
  await redis.connect();
  let removed = 0;
  try {
    let cursor = '0';
    // Bounded: SCAN terminates by contract, the cap guards against a Redis that keeps growing.
    for (let rounds = 0; rounds < 1_000_000; rounds++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) removed += await redis.unlink(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
  return removed;
}
