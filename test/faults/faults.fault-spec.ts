import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { freePort, leftovers, OwnedPostgres, OwnedRedis } from '../support/owned-services';
import { Cluster } from './cluster';
import { FaultContext, FaultRow, FaultWindow, formatTable, MIXES, runScenario, SCALES, warmUp } from './scenario';

/**
 * Every fault the engine must survive, each at load, on a Postgres and a Redis the suite owns:
 * 2 api × 2 worker processes from the build, careful clients retrying with an Idempotency-Key
 * against the other api, a share of limit orders that wait, trigger during the fault or expire.
 * After each fault: nothing lost, nothing twice, gapless events, never a 500, and the time until
 * completions are back to 90% of their rate before the fault. `npm run test:faults -- --full`
 * runs the large size (FAULTS_SCALE=full); docs/reliability.md has its figures.
 */
const SCALE = SCALES[process.env.FAULTS_SCALE === 'full' ? 'full' : 'ci'];
const DATABASE = 'order_engine_faults';
const FREEZE_MS = 10_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;
const ENGINE_ENV: Record<string, string> = {
  AUTH_MODE: 'open',
  WORKER_CONCURRENCY: '200',
  QUEUE_RATE_LIMIT: '0',
  SIM_LATENCY: 'off',
  SIM_SEED: 'faults-seed',
  SIM_FAULT_RATE: '0',
  SIM_FAULTS: '',
  SIM_FAIL_ORDERS: '',
  SIM_CONGESTION: 'off',
  SIM_LAUNCH_INTERVAL_MS: '0',
  RATE_LIMIT_ORDERS_PER_SECOND: '0',
  RATE_LIMIT_READS_PER_SECOND: '0',
  MAX_OPEN_ORDERS: '0',
  // A dead worker's jobs move on within seconds, and lost jobs are found again within seconds.
  WORKER_LOCK_MS: '3000',
  RECONCILE_INTERVAL_MS: '1000',
  RECONCILE_AFTER_MS: '3000',
  RETRY_BACKOFF_MS: '200',
  SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
  // 'log' for the worker's ready line; the engine logs no line per order at this level.
  LOG_LEVEL: 'log',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`faults at load (${SCALE.name})`, () => {
  let pg: OwnedPostgres;
  let redis: OwnedRedis;
  let cluster: Cluster;
  let db: Pool;
  let logDir: string;
  const rows: FaultRow[] = [];

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), 'order-engine-faults-logs-'));
    if (!process.env.FAULTS_KEEP_LOGS) leftovers.dirs.add(logDir);
    pg = await OwnedPostgres.start();
    redis = await OwnedRedis.start();
    const base = Number(process.env.FAULTS_BASE_PORT ?? 0) || (await freePort());
    cluster = new Cluster({
      databaseUrl: pg.url(DATABASE), redisUrl: redis.url, queuePrefix: 'faults', logDir,
      apiPorts: process.env.FAULTS_BASE_PORT ? [base, base + 1] : [base, await freePort()],
      env: ENGINE_ENV,
    });
    await cluster.startAll();
    // Compiled code paths, warm pools: the first fault's rate before it is the engine's, not its start-up's.
    await warmUp(cluster);
    db = new Pool({ connectionString: pg.url(DATABASE), max: 3 });
    // Connections the faults cut are replaced by the pool; the error itself is expected.
    db.on('error', () => undefined);
  }, 120_000);

  afterAll(async () => {
    if (rows.length > 0) {
      const json = JSON.stringify(rows.map(summary));
      process.stdout.write(`\nfault suite (${SCALE.name}):\n${formatTable(rows)}\n${json}\n`);
    }
    await cluster?.stopAll();
    await db?.end();
    await redis?.destroy();
    await pg?.destroy();
    if (logDir && !process.env.FAULTS_KEEP_LOGS) {
      rmSync(logDir, { recursive: true, force: true });
      leftovers.dirs.delete(logDir);
      leftovers.save();
    }
  }, 60_000);

  const summary = (r: FaultRow) => ({
    fault: r.fault, orders: r.orders, inFlight: r.inFlight, inFlightThrough: r.inFlightThrough, lost: r.lost,
    twice: r.twice, status500: r.status500,
    status503: r.status503, answers503: r.answers503, retries: r.retries, replays: r.replays, recoveryS: r.recoveryS,
    baselinePerS: r.baselinePerS, faultMs: r.faultMs, curve: r.curve.join(' '), confirmed: r.ledger.confirmed,
    failed: r.ledger.failed, failures: r.ledger.failures, expired: r.ledger.expired, waiting: r.ledger.waiting,
    crossed: r.crossed, wsFollowed: r.wsFollowed, detail: r.detail,
  });

  async function fault(
    name: string,
    inject: (ctx: FaultContext) => Promise<FaultWindow>,
    mix = MIXES.steady,
  ): Promise<FaultRow> {
    const row = await runScenario({ name, scale: SCALE, cluster, db, mix, expiresInS: 4, inject });
    rows.push(row);
    // The whole row first: when an assertion fails, its context is in the output.
    if (row.ledger.violations.length > 0 || row.status500 > 0 || row.uncoded.length > 0) {
      const { violations } = row.ledger;
      const detail = { ...summary(row), violations, bodies500: row.bodies500, uncoded: row.uncoded };
      process.stdout.write(`${name}: ${JSON.stringify(detail)}\n`);
    }
    expect(row.bodies500).toEqual([]);
    expect(row.uncoded).toEqual([]);
    expect(row.ledger.violations).toEqual([]);
    expect(row.unsettled).toBe(0);
    expect({ lost: row.lost, twice: row.twice }).toEqual({ lost: 0, twice: 0 });
    expect(row.wsMissing).toEqual([]);
    expect(row.wsMismatch).toEqual([]);
    expect(row.wsSeqGaps).toEqual([]);
    expect(row.wsFollowed).toBeGreaterThan(0);
    // A process the test did not stop is down: it crashed.
    expect(cluster.down()).toEqual([]);
    return row;
  }

  /** A member killed and started again at once: the fault ends when it serves again. */
  async function killAndRestart(name: string, during?: () => Promise<unknown>): Promise<FaultWindow> {
    const startedAt = Date.now();
    await cluster.kill(name);
    await during?.();
    await cluster.start(name);
    return { startedAt, endedAt: Date.now() };
  }

  const timeout = SCALE.name === 'full' ? 900_000 : 240_000;

  it('kill -9 of a worker: the other takes its jobs, a new one joins; each order executes once', async () => {
    await fault('kill -9 worker', () => killAndRestart('worker-0'));
  }, timeout);

  it('kill -9 of an api mid-request: clients retry against the other api and get their original orders', async () => {
    const row = await fault('kill -9 api', () => killAndRestart('api-0'));
    // Requests cut mid-flight were retried; those the dead api had committed came back as replays.
    expect(row.retries).toBeGreaterThan(0);
  }, timeout);

  it('Redis restarted empty: the reconciler enqueues every accepted order again', async () => {
    await fault('Redis restarted empty', async () => {
      const startedAt = Date.now();
      await redis.restart(false);
      return { startedAt, endedAt: Date.now() };
    });
  }, timeout);

  it('Redis restarted with its append-only file: the queue survives, nothing runs twice', async () => {
    await fault('Redis restarted with AOF', async () => {
      const startedAt = Date.now();
      await redis.restart(true);
      return { startedAt, endedAt: Date.now() };
    });
  }, timeout);

  it('Postgres restarted (pg_ctl restart -m immediate): statements retry, clients get 503 at worst', async () => {
    await fault('Postgres restarted (immediate)', async () => {
      const startedAt = Date.now();
      pg.restartImmediate();
      return { startedAt, endedAt: Date.now() };
    });
  }, timeout);

  it('Postgres backends terminated: a grouped statement retries on a fresh connection', async () => {
    await fault('Postgres backends terminated', async () => {
      const startedAt = Date.now();
      let n = 0;
      for (let i = 0; i < 3; i++) {
        n += await pg.terminateBackends(DATABASE);
        await sleep(300);
      }
      return { startedAt, endedAt: Date.now(), detail: `${n} backends terminated` };
    });
  }, timeout);

  it('Postgres frozen 10 s (SIGSTOP of the postmaster and its backends): a hang, then it goes on', async () => {
    await fault('Postgres frozen 10 s', async () => {
      const startedAt = Date.now();
      const stopped = pg.freeze();
      await sleep(FREEZE_MS);
      pg.thaw(stopped);
      return { startedAt, endedAt: Date.now(), detail: `${stopped.length} processes stopped` };
    });
  }, timeout);

  it('Redis frozen 10 s (SIGSTOP): a hang, then it goes on', async () => {
    await fault('Redis frozen 10 s', async () => {
      const startedAt = Date.now();
      redis.freeze();
      await sleep(FREEZE_MS);
      redis.thaw();
      return { startedAt, endedAt: Date.now() };
    });
  }, timeout);

  it('SIGTERM of every process with orders in flight: each drains and exits, a restart does the rest', async () => {
    let stops: Array<{ code: number | null; signal: string | null; ms: number }> = [];
    let midExecution = -1;
    await fault('SIGTERM all, restart', async () => {
      const startedAt = Date.now();
      stops = await Promise.all(cluster.names.map((n) => cluster.terminate(n)));
      // A drained worker leaves no order in the middle of its execution.
      const { rows: left } = await db.query(
        `SELECT count(*)::int AS n FROM orders WHERE status IN ('building', 'submitted')`,
      );
      midExecution = left[0].n;
      await cluster.startAll();
      return { startedAt, endedAt: Date.now(), detail: `drained in ${Math.max(...stops.map((s) => s.ms))} ms` };
    });
    // Each ended on its own after closing (not killed at the suite's deadline), none with an error code.
    const ends = stops.map((s) => (s.signal === 'SIGTERM' || s.code === 0 ? 'clean' : `${s.signal ?? s.code}`));
    expect(ends).toEqual(Array(4).fill('clean'));
    expect(Math.max(...stops.map((s) => s.ms))).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 5000);
    expect(midExecution).toBe(0);
  }, timeout);

  it('kill -9 of a worker while limit orders wait and trigger: each runs once, the rest wait or expire', async () => {
    const row = await fault(
      'kill -9 worker, orders waiting',
      (ctx) => killAndRestart('worker-0', () => ctx.cross()),
      MIXES.waiting,
    );
    expect(row.crossed).toBeGreaterThan(0);
    expect(row.ledger.expired).toBeGreaterThan(0);
    expect(row.ledger.waiting).toBeGreaterThan(0);
  }, timeout);
});
