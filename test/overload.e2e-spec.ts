import { Client } from 'pg';
import { RunningEngine, startEngine, testDb } from './support/engine';

/** Reads `read` until `done` holds of its value; rejects at the deadline naming what was awaited. */
async function eventually<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, deadlineMs = 5_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - start > deadlineMs) throw new Error(`${what}: still ${JSON.stringify(value)} after ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A group-commit queue holds at most GROUP_QUEUE_LIMIT waiting requests; past it the api answers
 * 503 ENGINE_OVERLOADED with Retry-After at once, and stores nothing of the refused requests.
 */
describe('a full group-commit queue', () => {
  let engine: RunningEngine;
  let db: Client;
  let locker: Client;

  beforeAll(async () => {
    engine = await startEngine({
      RUN_WORKER: 'false',
      GROUP_QUEUE_LIMIT: '100',
      // The test holds a lock on the orders table while requests queue up behind it.
      PG_LOCK_TIMEOUT_MS: '60000',
      PG_STATEMENT_TIMEOUT_MS: '60000',
    });
    db = await testDb();
    locker = await testDb();
  });

  afterAll(async () => {
    await locker?.query('ROLLBACK').catch(() => undefined);
    await locker?.end();
    await db?.end();
    await engine?.close();
  });

  const orderCount = async () => Number((await db.query('SELECT count(*) FROM orders')).rows[0].count);
  const blockedOnLock = async () =>
    Number(
      (
        await db.query(
          `SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO orders%'`,
        )
      ).rows[0].count,
    );
  const post = (amountIn: number) =>
    fetch(`${engine.baseUrl}/api/orders/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn }),
    }).then(async (res) => ({ status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() }));

  it('answers 503 with Retry-After beyond the limit, at once, and stores none of those orders', async () => {
    const before = await orderCount();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE orders IN ACCESS EXCLUSIVE MODE');

    // Four inserts in flight (the most a kind of statement runs at once), each stuck on the lock.
    const stuck: Array<ReturnType<typeof post>> = [];
    for (let i = 1; i <= 4; i++) {
      stuck.push(post(i));
      await eventually(`inserts waiting on the lock`, blockedOnLock, (n) => n === i);
    }

    // A burst: 100 may wait for a flush, the other 50 are refused without waiting for anything.
    const answered: Array<Awaited<ReturnType<typeof post>>> = [];
    const burst = Array.from({ length: 150 }, (_, i) => post(i + 10).then((r) => (answered.push(r), r)));
    await eventually('refusals', async () => answered.length, (n) => n >= 50);
    expect(answered).toHaveLength(50);
    for (const r of answered) {
      expect(r).toEqual({
        status: 503,
        retryAfter: '1',
        body: { statusCode: 503, code: 'ENGINE_OVERLOADED', message: 'the engine is overloaded; retry shortly' },
      });
    }

    await locker.query('COMMIT');
    const all = await Promise.all([...stuck, ...burst]);
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(104);
    expect(statuses.filter((s) => s === 503)).toHaveLength(50);
    expect(await orderCount()).toBe(before + 104);
  });
});
