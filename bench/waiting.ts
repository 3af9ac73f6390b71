/**
 * Waiting orders at scale: what N waiting limit and stop orders cost the engine between triggers,
 * and how soon an order whose trigger is crossed starts routing.
 *
 *   npm run build && npx ts-node -r tsconfig-paths/register --transpile-only bench/waiting.ts \
 *     [--waiting 100000] [--window-s 60] [--crossings 300] [--tick-ms 400]
 *
 * 1. Idle: one api and one worker on a fresh database, no order at all; the worker's CPU (and all
 *    of Postgres's) over a window is the floor (BullMQ's polling, the reconciler, the empty ticks).
 * 2. Waiting: N orders stored at once as armed and waiting (one statement, as `recovery.ts` stores
 *    its orders; placing them through the API would only measure the API), spread over every pair
 *    and both types, their triggers from 2× to 10× away from the market; the same window again.
 *    The trigger engine's cost is the difference.
 * 3. Crossings: while the N wait, batches of SOL→USDC limit orders among them are crossed at random
 *    moments, by moving their trigger under the market in the database (the market's own price
 *    follows the clock, so this is how a bench crosses a trigger at a known moment). For each:
 *    crossed → triggered (the tick that found it) → routing (its job's first step).
 * 4. Cancel all: POST /api/orders/cancel {} for every waiting order of the account.
 */
import { Client } from 'pg';
import { readdirSync, readFileSync } from 'node:fs';
import { PUBLIC_ACCOUNT_ID } from '@app/accounts';
import { cpuTicks } from './proc-stats';
import { DATABASE_URL, freshStores, startEngine, summary } from './scenario-support';

const PORT = 3390;
const API = `http://127.0.0.1:${PORT}`;

const PAIRS: Array<[string, string, number, number]> = [
  // tokenIn, tokenOut, decimals in, decimals out
  ['SOL', 'USDC', 9, 6],
  ['USDC', 'SOL', 6, 9],
  ['USDC', 'USDT', 6, 6],
  ['JUP', 'USDC', 6, 6],
  ['BONK', 'SOL', 5, 9],
  ['RAY', 'USDC', 6, 6],
];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** tokenOut per tokenIn for one whole tokenIn, from the engine's own quote. */
async function price(tokenIn: string, tokenOut: string): Promise<number> {
  const res = await fetch(`${API}/api/quotes?tokenIn=${tokenIn}&tokenOut=${tokenOut}&amountIn=1`);
  if (res.status !== 200) throw new Error(`quote ${tokenIn}->${tokenOut}: ${res.status} ${await res.text()}`);
  return Number(((await res.json()) as { outAmount: string }).outAmount);
}

/** All Postgres server processes' CPU ticks: the engine's queries cost there too. */
function postgresTicks(): number {
  let sum = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
      sum += cpuTicks(Number(pid)) ?? 0;
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

/** CPU of the worker and of Postgres over `seconds`, in % of one core. */
async function cpuWindow(workerPid: number, seconds: number): Promise<{ workerPct: number; postgresPct: number }> {
  const [w0, p0, t0] = [cpuTicks(workerPid) ?? 0, postgresTicks(), Date.now()];
  await sleep(seconds * 1000);
  const [w1, p1, t1] = [cpuTicks(workerPid) ?? 0, postgresTicks(), Date.now()];
  const pct = (ticks: number) => Math.round(((ticks * 10) / (t1 - t0)) * 100 * 100) / 100;
  return { workerPct: pct(w1 - w0), postgresPct: pct(p1 - p0) };
}

/** Stores `n` armed waiting orders over every pair and both types, triggers 2×-10× from the market. */
async function storeWaiting(db: Client, n: number, prices: number[]): Promise<void> {
  const chunk = 20_000;
  for (let done = 0; done < n; done += chunk) {
    const rows = Math.min(chunk, n - done);
    const pair = Array.from({ length: rows }, (_, i) => (done + i) % PAIRS.length);
    const type = Array.from({ length: rows }, (_, i) => (Math.floor((done + i) / PAIRS.length) % 2 === 0 ? 'limit' : 'stop'));
    const factor = Array.from({ length: rows }, () => 2 + Math.random() * 8);
    const trigger = pair.map((p, i) => {
      const away = type[i] === 'limit' ? prices[p] * factor[i] : prices[p] / factor[i];
      return away.toPrecision(12).replace(/\.?0+$/, '');
    });
    // One whole token in each; a limit's floor is amountIn × trigger in tokenOut base units.
    const amountIn = pair.map((p) => (10n ** BigInt(PAIRS[p][2])).toString());
    const floor = pair.map((p, i) => (type[i] === 'limit' ? Math.ceil(Number(trigger[i]) * 10 ** PAIRS[p][3]).toLocaleString('en', { useGrouping: false }) : null));
    // A tenth expire, far in the future: the expiry index holds them too.
    const expires = pair.map((_, i) => (i % 10 === 0 ? new Date(Date.now() + 86_400_000).toISOString() : null));
    await db.query(
      `WITH i AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[], $7::timestamptz[])
                AS i(token_in, token_out, type, amount_in, trigger_price, min_out_floor, expires_at)
       ), o AS (
         INSERT INTO orders (id, account_id, token_in, token_out, amount_in, slippage_bps, status, attempt, last_seq, accepted_at,
                             created_at, updated_at, type, trigger_price, min_out_floor, expires_at)
         SELECT gen_random_uuid(), $8, token_in, token_out, amount_in, 50, 'waiting', 0, 2, now(), now(), now(),
                type, trigger_price, min_out_floor, expires_at FROM i
         RETURNING id, created_at, type, trigger_price
       ), pending AS (
         INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
         SELECT id, 1, 'pending', 0, '{}'::jsonb, created_at FROM o
       )
       INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
       SELECT id, 2, 'waiting', 0, jsonb_build_object('type', type, 'triggerPrice', trigger_price::text), created_at FROM o`,
      [pair.map((p) => PAIRS[p][0]), pair.map((p) => PAIRS[p][1]), type, amountIn, trigger, floor, expires, PUBLIC_ACCOUNT_ID],
    );
  }
}

interface Crossing {
  id: string;
  crossedAt: number;
}

/** Crosses `total` SOL→USDC limit orders in batches of 10 at random moments; the DB clock stamps each. */
async function cross(db: Client, total: number, solPrice: number): Promise<Crossing[]> {
  const { rows } = await db.query(
    `SELECT id FROM orders WHERE status = 'waiting' AND type = 'limit' AND token_in = 'SOL' AND token_out = 'USDC' LIMIT $1`,
    [total],
  );
  const crossings: Crossing[] = [];
  const met = Math.floor(solPrice * 0.5);
  for (let i = 0; i < rows.length; i += 10) {
    await sleep(150 + Math.random() * 500);
    const batch = rows.slice(i, i + 10).map((r) => r.id as string);
    const res = await db.query(
      `UPDATE orders SET trigger_price = $2, min_out_floor = $3 WHERE id = ANY($1::uuid[])
       RETURNING id, extract(epoch FROM clock_timestamp()) * 1000 AS at`,
      [batch, met, met * 1e6],
    );
    for (const r of res.rows) crossings.push({ id: r.id, crossedAt: Number(r.at) });
  }
  return crossings;
}

async function crossingLatencies(db: Client, crossings: Crossing[], tickMs: number) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { rows } = await db.query(
      `SELECT o.id, extract(epoch FROM o.triggered_at) * 1000 AS triggered, extract(epoch FROM min(e.created_at)) * 1000 AS routing
         FROM orders o JOIN order_events e ON e.order_id = o.id AND e.status = 'routing'
        WHERE o.id = ANY($1::uuid[]) GROUP BY o.id`,
      [crossings.map((c) => c.id)],
    );
    if (rows.length === crossings.length || Date.now() > deadline) {
      const crossedAt = new Map(crossings.map((c) => [c.id, c.crossedAt]));
      const found = rows.map((r) => ({ crossed: crossedAt.get(r.id)!, triggered: Number(r.triggered), routing: Number(r.routing) }));
      // The market tick that first holds the crossing: the next tick boundary after it.
      const tickOf = (ms: number) => Math.ceil(ms / tickMs) * tickMs;
      return {
        routed: rows.length,
        // Found by the first tick after the crossing (or by one already under way when it was crossed).
        foundByNextTick: found.filter((f) => f.triggered <= tickOf(f.crossed)).length,
        // Those found later: how long before the next tick's start they were crossed, and how many ticks late.
        foundLater: found
          .filter((f) => f.triggered > tickOf(f.crossed))
          .map((f) => ({
            msBeforeTick: Math.round(tickOf(f.crossed) - f.crossed),
            ticksLate: (f.triggered - tickOf(f.crossed)) / tickMs,
          })),
        // The first tick holding the crossing to the order's first step: the budget is one tick (+50 ms).
        crossingTickToRoutingMs: summary(found.map((f) => Math.round(f.routing - tickOf(f.crossed)))),
        // The tick that found the trigger crossed: from the crossing to the start of that tick.
        crossedToTickMs: summary(found.map((f) => Math.round(f.triggered - f.crossed))),
        // The tick's start to the order's first step: the engine's reaction, excluding the wait for the tick.
        tickToRoutingMs: summary(found.map((f) => Math.round(f.routing - f.triggered))),
        crossedToRoutingMs: summary(found.map((f) => Math.round(f.routing - f.crossed))),
      };
    }
    await sleep(500);
  }
}

async function main(): Promise<void> {
  const n = arg('--waiting', 100_000);
  const windowS = arg('--window-s', 60);
  const crossings = arg('--crossings', 300);
  const tickMs = arg('--tick-ms', 400);
  await freshStores();
  const engine = await startEngine({ TRIGGER_TICK_MS: String(tickMs), SIM_LAUNCH_INTERVAL_MS: '0' }, false, PORT);
  const worker = engine.memory().find((p) => p.name.startsWith('worker'))!;
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    await sleep(5_000);
    console.log(`idle window (${windowS} s)…`);
    const idle = await cpuWindow(worker.pid, windowS);
    const prices = await Promise.all(PAIRS.map(([a, b]) => price(a, b)));
    const stored = Date.now();
    await storeWaiting(db, n, prices);
    const storeS = (Date.now() - stored) / 1000;
    await db.query('ANALYZE orders');
    console.log(`${n} waiting orders stored in ${storeS} s; waiting window (${windowS} s)…`);
    await sleep(5_000);
    const waiting = await cpuWindow(worker.pid, windowS);
    console.log(`crossing ${crossings} limit orders…`);
    const crossed = await cross(db, crossings, prices[0]);
    const latency = await crossingLatencies(db, crossed, tickMs);
    const cancelStart = Date.now();
    const res = await fetch(`${API}/api/orders/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const cancelled = ((await res.json()) as { cancelled: string[] }).cancelled.length;
    const cancelAllS = (Date.now() - cancelStart) / 1000;
    const result = {
      waiting: n,
      tickMs,
      windowS,
      idle,
      withWaiting: waiting,
      triggerEngineCostPctOfCore: Math.round((waiting.workerPct - idle.workerPct) * 100) / 100,
      postgresCostPctOfCore: Math.round((waiting.postgresPct - idle.postgresPct) * 100) / 100,
      crossings: latency,
      cancelAll: { status: res.status, cancelled, seconds: cancelAllS },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await db.end();
    await engine.stopAll();
  }
}

main().catch((err: Error) => {
  console.error(err.stack);
  process.exit(1);
});
