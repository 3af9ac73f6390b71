import request from 'supertest';
import { Client } from 'pg';
import { RunningEngine, startEngine, testDb } from '../support/engine';
import { checkInvariants, waitAllTerminal, waitUntil } from '../support/invariants';
import { RoleProcess, startRole } from '../support/processes';
import { restartRedis } from '../support/services';

/**
 * Each test breaks something for real while orders are in flight, then checks in SQL that no
 * order was lost or executed twice. Workers run as separate built processes (`npm run build`),
 * with realistic simulated latency (about 2-3 s per order) so that there is something in flight,
 * no injected faults (so every order should confirm), and a 2 s job lock so that a dead worker's
 * jobs move on quickly.
 */
const WORKER_ENV = {
  SIM_LATENCY: 'realistic',
  SIM_FAULT_RATE: '0',
  WORKER_CONCURRENCY: '20',
  WORKER_LOCK_MS: '2000',
  RECONCILE_INTERVAL_MS: '500',
  RECONCILE_AFTER_MS: '3000',
  SHUTDOWN_TIMEOUT_MS: '15000',
};
const ORDERS = 20;
const IN_FLIGHT = `SELECT count(*) FILTER (WHERE status IN ('routing', 'building', 'submitted')) >= 5 AS ok
                     FROM orders WHERE id = ANY($1)`;

describe('faults', () => {
  let api: RunningEngine;
  let db: Client;
  const workers: RoleProcess[] = [];

  beforeAll(async () => {
    api = await startEngine({ RUN_WORKER: 'false' });
    db = await testDb();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  afterAll(async () => {
    await db.end();
    await api.close();
  });

  async function worker(): Promise<RoleProcess> {
    const w = await startRole('worker', WORKER_ENV, /worker running/);
    workers.push(w);
    return w;
  }

  async function submit(n = ORDERS): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await request(api.baseUrl)
        .post('/api/orders/execute')
        .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: i + 1 })
        .expect(202);
      ids.push(res.body.orderId);
    }
    return ids;
  }

  async function inFlight(ids: string[]): Promise<number> {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM orders WHERE id = ANY($1) AND status NOT IN ('pending', 'confirmed', 'failed')`,
      [ids],
    );
    return rows[0].n;
  }

  function report(fault: string, ids: string[], flying: number, ledger: { confirmed: number; failed: number }) {
    console.log(`${fault}: ${ids.length} orders, ${flying} in flight, ${ledger.confirmed} confirmed, ${ledger.failed} failed`);
  }

  it('kill -9 of a worker mid-run: a new worker resumes every order, none executed twice', async () => {
    const first = await worker();
    const ids = await submit();
    await waitUntil(db, IN_FLIGHT, [ids]);
    const flying = await inFlight(ids);
    first.child.kill('SIGKILL');
    await worker();
    await waitAllTerminal(db, ids, 60_000);
    const ledger = await checkInvariants(db, ids);
    report('kill -9 worker', ids, flying, ledger);
    expect(ledger.confirmed).toBe(ORDERS);
  });

  it('Redis restarted empty while orders are queued: the reconciler enqueues them again', async () => {
    const ids = await submit();
    await restartRedis();
    await worker();
    await waitAllTerminal(db, ids, 60_000);
    const ledger = await checkInvariants(db, ids);
    report('Redis restart (queue lost)', ids, 0, ledger);
    expect(ledger.confirmed).toBe(ORDERS);
    const { rows } = await db.query('SELECT min(recoveries)::int AS min FROM orders WHERE id = ANY($1)', [ids]);
    expect(rows[0].min).toBeGreaterThanOrEqual(1);
  });

  it('Postgres backends terminated mid-run: attempts retry, each order still ends once', async () => {
    await worker();
    const ids = await submit();
    await waitUntil(db, IN_FLIGHT, [ids]);
    const flying = await inFlight(ids);
    for (let i = 0; i < 3; i++) {
      await db.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      await new Promise((r) => setTimeout(r, 300));
    }
    await waitAllTerminal(db, ids, 90_000);
    const ledger = await checkInvariants(db, ids);
    report('Postgres backends terminated', ids, flying, ledger);
    // A terminated connection fails that attempt; a retry resumes it. An order fails only if
    // every attempt was cut, and then with INTERNAL_ERROR.
    const { rows } = await db.query(
      `SELECT DISTINCT error_code FROM orders WHERE id = ANY($1) AND status = 'failed'`,
      [ids],
    );
    for (const r of rows) expect(r.error_code).toBe('INTERNAL_ERROR');
    expect(ledger.confirmed + ledger.failed).toBe(ORDERS);
  });

  it('SIGTERM of a worker mid-run: it finishes its running orders, then exits', async () => {
    const first = await worker();
    const ids = await submit();
    await waitUntil(db, IN_FLIGHT, [ids]);
    const flying = await inFlight(ids);
    const started = Date.now();
    await first.stop();
    const stopMs = Date.now() - started;
    expect(stopMs).toBeLessThan(Number(WORKER_ENV.SHUTDOWN_TIMEOUT_MS) + 5000);
    expect(first.output()).not.toMatch(/handing them back/);
    // What it was running when told to stop, it finished: nothing is left mid-execution.
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM orders WHERE id = ANY($1) AND status IN ('routing', 'building', 'submitted')`,
      [ids],
    );
    expect(rows[0].n).toBe(0);
    await worker();
    await waitAllTerminal(db, ids, 60_000);
    const ledger = await checkInvariants(db, ids);
    report(`SIGTERM worker (stopped in ${stopMs} ms)`, ids, flying, ledger);
    expect(ledger.confirmed).toBe(ORDERS);
  });
});
