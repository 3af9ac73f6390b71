/**
 * The floor: what the same Redis and Postgres do with no engine around them, measured in the same
 * run. The engine's figures divided by these survive a noisy or slow machine better than absolute
 * numbers do: an order costs at least one job and a few single-row writes.
 */
import { Queue, Worker } from 'bullmq';
import { Pool } from 'pg';

const FLOOR_TIMEOUT_MS = 120_000;

export interface FloorResult {
  bullmqJobsPerS: number | null;
  bullmqJobs: number;
  bullmqConcurrency: number;
  pgInsertsPerS: number | null;
  pgInserts: number;
  pgConnections: number;
}

const rate = (n: number, ms: number) => Math.round((n / Math.max(ms, 1)) * 10_000) / 10;

/** Runs `count` calls of `task` with at most `parallel` at once; resolves when all are done. */
async function inParallel(count: number, parallel: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
}

/**
 * Empty jobs from add to completed, one add per call like the api does, through a no-op worker.
 * Own prefix, so the engine's queue is untouched; the caller cleans the keys.
 */
export async function bullmqFloor(redisUrl: string, prefix: string, jobs: number, concurrency: number, adders: number): Promise<number | null> {
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('floor', { prefix, connection });
  let done = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((r) => (finish = r));
  const worker = new Worker('floor', async () => undefined, { prefix, connection, concurrency });
  worker.on('completed', () => {
    if (++done === jobs) finish();
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await worker.waitUntilReady();
    const started = Date.now();
    const opts = { removeOnComplete: { count: 1000 }, attempts: 3 };
    await inParallel(jobs, adders, (i) => queue.add('noop', { i }, opts));
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), FLOOR_TIMEOUT_MS)));
    if ((await Promise.race([allDone, timeout])) === 'timeout') return null;
    return rate(jobs, Date.now() - started);
  } finally {
    clearTimeout(timer);
    await worker.close(true);
    await queue.close();
  }
}

/** Single-row INSERTs from a pool of `connections`, all busy at once, into a scratch table. */
export async function postgresFloor(databaseUrl: string, inserts: number, connections: number): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: connections, connectionTimeoutMillis: 5000 });
  const table = 'bench_floor_inserts';
  try {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    // Shaped like an order event row: a uuid key, a small JSON payload, a timestamp.
    await pool.query(
      `CREATE TABLE ${table} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int NOT NULL, payload jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
    );
    const payload = JSON.stringify({ status: 'pending', attempt: 0, venue: null });
    const started = Date.now();
    await inParallel(inserts, connections, (i) => pool.query(`INSERT INTO ${table} (n, payload) VALUES ($1, $2)`, [i, payload]));
    const result = rate(inserts, Date.now() - started);
    await pool.query(`DROP TABLE ${table}`);
    return result;
  } finally {
    await pool.end();
  }
}
