import { Client } from 'pg';
import { RunningEngine, startEngine, testDb } from './support/engine';
import { TEST_ENV } from './support/test-env';
import { until } from './support/wait';

/**
 * Postgres losing connections under the engine, on the test database only (never the machine's
 * server as a whole): backends terminated while many clients post, and the database closed to
 * new sessions. The engine must answer every request with a 2xx or a 503 that says which
 * dependency is unavailable, never 500, and come back by itself.
 */
const TEST_DB_NAME = new URL(TEST_ENV.DATABASE_URL).pathname.slice(1);

/** A session on the server's maintenance database, so that terminating the test database's backends spares it. */
async function adminDb(): Promise<Client> {
  const url = new URL(TEST_ENV.DATABASE_URL);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/** Terminates every backend of the test database (the engine's pool, and any other session on it). */
async function terminateBackends(admin: Client): Promise<number> {
  const { rows } = await admin.query(
    `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n
       FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [TEST_DB_NAME],
  );
  return rows[0].n;
}

async function allowConnections(admin: Client, allow: boolean): Promise<void> {
  // The name cannot be a parameter; it is the test database's own, from TEST_DATABASE_URL.
  await admin.query(`ALTER DATABASE "${TEST_DB_NAME.replace(/"/g, '""')}" WITH ALLOW_CONNECTIONS ${allow}`);
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function call(engine: RunningEngine, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${engine.baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

const ORDER = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 0.5 };

function expectUnavailable(answer: Answer, dependency: 'postgres' | 'redis'): void {
  expect({ status: answer.status, code: answer.body.code, dependency: answer.body.dependency }).toEqual({
    status: 503,
    code: 'DEPENDENCY_UNAVAILABLE',
    dependency,
  });
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe('Postgres connections lost under load', () => {
  let admin: Client;

  beforeAll(async () => {
    admin = await adminDb();
  });

  afterAll(async () => {
    // Whatever happened, the test database accepts connections again.
    await allowConnections(admin, true);
    await admin.end();
  });

  describe('backends terminated again and again while clients post', () => {
    let engine: RunningEngine;
    beforeAll(async () => {
      // One attempt per order: an attempt a blink counted would fail its order.
      engine = await startEngine({ ORDER_ATTEMPTS: '1', WORKER_CONCURRENCY: '50' });
    });
    afterAll(() => engine.close());

    it('answers every order 202 (or its replay), stores each once, and confirms every one', async () => {
      const CLIENTS = 40;
      const PER_CLIENT = 10;
      // Clients keep posting until the killer has cut the connections this many times, however
      // fast the machine answers the first PER_CLIENT orders.
      const KILLS = 5;
      // Each kill cuts every connection of the engine at once (a blink each time, not an outage:
      // a statement and its retry should not both meet one, even on a loaded machine).
      const KILL_EVERY_MS = 800;
      let kills = 0;
      let terminated = 0;
      const killer = (async () => {
        while (kills < KILLS) {
          await new Promise((r) => setTimeout(r, KILL_EVERY_MS));
          terminated += await terminateBackends(admin);
          kills++;
        }
      })();
      const answers: Array<Answer & { key?: string; ms: number }> = [];
      const started = Date.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let i = 0; i < PER_CLIENT || kills < KILLS; i++) {
            // Half of the clients send an Idempotency-Key, as a careful client does.
            const key = c % 2 === 0 ? `storm-${c}-${i}` : undefined;
            const body = { ...ORDER, amountIn: ((i % 10) + 1) / 100 };
            const sent = Date.now();
            const answer = await call(engine, 'POST', '/api/orders/execute', body, key ? { 'idempotency-key': key } : {});
            answers.push({ ...answer, key, ms: Date.now() - sent });
          }
        }),
      );
      await killer;
      const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
      console.log(
        `${answers.length} POSTs in ${Date.now() - started} ms under ${kills} kills (${terminated} backends terminated): ` +
          `${answers.filter((a) => a.status === 202).length} answered 202; latency p50 ${ms[Math.floor(ms.length / 2)]} ms, ` +
          `p99 ${ms[Math.floor(ms.length * 0.99)]} ms, max ${ms[ms.length - 1]} ms`,
      );
      expect(kills).toBe(KILLS);
      expect(terminated).toBeGreaterThan(0);

      const refused = answers.filter((a) => a.status !== 202).map((a) => `${a.status} ${JSON.stringify(a.body)}`);
      expect({ kills, refused: refused.length, first: refused.slice(0, 5) }).toEqual({ kills, refused: 0, first: [] });
      const ids = answers.map((a) => a.body.orderId as string);
      expect(answers.length).toBeGreaterThanOrEqual(CLIENTS * PER_CLIENT);
      expect(new Set(ids).size).toBe(answers.length);

      const db = await testDb();
      try {
        const { rows } = await db.query(
          `SELECT o.id, o.idempotency_key AS key, count(e.*)::int AS events, min(e.seq) AS first_seq
             FROM orders o JOIN order_events e ON e.order_id = o.id AND e.status = 'pending'
            WHERE o.id = ANY($1::uuid[]) GROUP BY o.id`,
          [ids],
        );
        expect(rows).toHaveLength(ids.length);
        for (const row of rows) expect({ events: row.events, first: row.first_seq }).toEqual({ events: 1, first: 1 });
        const keyOf = new Map(answers.map((a) => [a.body.orderId as string, a.key ?? null]));
        for (const row of rows) expect(row.key).toBe(keyOf.get(row.id));

        // The worker ran through the same storm with one attempt per order: none failed for it.
        const terminal = async () =>
          Number((await db.query(`SELECT count(*) FROM orders WHERE id = ANY($1::uuid[]) AND status IN ('confirmed','failed')`, [ids])).rows[0].count);
        await until('orders terminal', terminal, ids.length, { deadlineMs: 60_000, everyMs: 200 });
        const outcome = await db.query(
          `SELECT status, error_code, count(*)::int AS n FROM orders WHERE id = ANY($1::uuid[]) GROUP BY 1, 2`,
          [ids],
        );
        expect(outcome.rows).toEqual([{ status: 'confirmed', error_code: null, n: ids.length }]);
        // Each order's events are numbered without a gap or a repeat, with one terminal event.
        const gaps = await db.query(
          `SELECT order_id FROM order_events WHERE order_id = ANY($1::uuid[])
            GROUP BY order_id HAVING count(*) <> max(seq) OR count(*) FILTER (WHERE status = 'confirmed') <> 1`,
          [ids],
        );
        expect(gaps.rows).toEqual([]);
      } finally {
        await db.end();
      }
    }, 90_000);
  });

  describe('the database refusing new connections', () => {
    let engine: RunningEngine;
    beforeAll(async () => {
      engine = await startEngine({ RUN_WORKER: 'false', PG_CONNECT_TIMEOUT_MS: '2000' });
    });
    afterAll(() => engine.close());

    it('answers 503 DEPENDENCY_UNAVAILABLE with Retry-After on accept, reads, listing and cancel, then recovers by itself', async () => {
      const placed = await call(engine, 'POST', '/api/orders/execute', ORDER);
      expect(placed.status).toBe(202);
      const id = placed.body.orderId as string;

      await allowConnections(admin, false);
      try {
        await terminateBackends(admin);
        const started = Date.now();
        const answers = {
          accept: await call(engine, 'POST', '/api/orders/execute', ORDER),
          keyedAccept: await call(engine, 'POST', '/api/orders/execute', ORDER, { 'idempotency-key': 'closed-db-1' }),
          read: await call(engine, 'GET', `/api/orders/${id}`),
          listing: await call(engine, 'GET', '/api/orders?limit=5'),
          cancel: await call(engine, 'POST', `/api/orders/${id}/cancel`),
          cancelMany: await call(engine, 'POST', '/api/orders/cancel', {}),
        };
        for (const answer of Object.values(answers)) expectUnavailable(answer, 'postgres');
        // Refused at once, not after the statement timeout: six requests in well under 15 s.
        expect(Date.now() - started).toBeLessThan(10_000);
        const health = await call(engine, 'GET', '/health');
        expect(health.status).toBe(503);
      } finally {
        await allowConnections(admin, true);
      }

      // No restart: the next requests find the database again.
      await until('accept after recovery', async () => (await call(engine, 'POST', '/api/orders/execute', ORDER)).status, 202, {
        deadlineMs: 10_000,
        everyMs: 100,
      });
      expect((await call(engine, 'GET', `/api/orders/${id}`)).status).toBe(200);
      expect((await call(engine, 'GET', '/api/orders?limit=5')).status).toBe(200);
      expect((await call(engine, 'POST', `/api/orders/${id}/cancel`)).status).toBe(200);
      expect((await call(engine, 'GET', '/health')).status).toBe(200);
    }, 60_000);
  });
});
