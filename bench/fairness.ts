/**
 * Fairness: does one account's backlog starve another's orders? Starts the engine with realistic
 * latency (about 2-3 s an order, so a backlog builds), then measures account B's submit →
 * confirmed latency three ways: on the idle engine; while account A holds a flood of queued
 * orders; and, with --compare, the same flood with the fair queue switched off.
 *
 *   npm run build && npx ts-node -r tsconfig-paths/register --transpile-only bench/fairness.ts [--flood 5000] [--b-orders 20] [--compare]
 *
 * Latency is read from the engine's own timestamps: the order's created_at to its confirmed
 * event's, both written on this machine.
 */
import { Client } from 'pg';
import { closeAgents } from './order-client';
import { DATABASE_URL, freshStores, makeKey, place, startEngine, summary } from './scenario-support';

const PORT = 3370;
const API = `http://127.0.0.1:${PORT}`;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function latencies(db: Client, ids: string[], deadlineMs: number): Promise<number[]> {
  const start = Date.now();
  for (;;) {
    const { rows } = await db.query(
      `SELECT extract(epoch FROM (e.created_at - o.created_at)) * 1000 AS ms
         FROM orders o JOIN order_events e ON e.order_id = o.id AND e.status IN ('confirmed', 'failed')
        WHERE o.id = ANY($1::uuid[])`,
      [ids],
    );
    if (rows.length === ids.length || Date.now() - start > deadlineMs) return rows.map((r) => Math.round(Number(r.ms)));
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** B places `n` orders, one every `everyMs`, and the latency of each is read once all are done. */
async function accountB(db: Client, key: string, n: number, everyMs: number): Promise<number[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(await place(API, key, 10));
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return latencies(db, ids, 600_000);
}

async function flood(key: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < n) {
        next++;
        ids.push(await place(API, key, 50));
      }
    }),
  );
  return ids;
}

async function run(fair: boolean, floodSize: number, bOrders: number) {
  await freshStores();
  const keyA = await makeKey('account-a');
  const keyB = await makeKey('account-b');
  const engine = await startEngine({ FAIR_QUEUE_THRESHOLD: fair ? '50' : '100000000' }, true, PORT);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const idle = await accountB(db, keyB, bOrders, 250);
    const floodStart = Date.now();
    const aIds = await flood(keyA, floodSize);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM orders WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [aIds]);
    const underFlood = await accountB(db, keyB, bOrders, 250);
    const aLatency = await latencies(db, aIds, 900_000);
    return {
      fairQueue: fair,
      idle: summary(idle),
      underFlood: summary(underFlood),
      aQueuedWhenBStarted: rows[0].n,
      aFloodSubmitS: (Date.now() - floodStart) / 1000,
      a: summary(aLatency),
    };
  } finally {
    await db.end();
    await engine.stopAll();
  }
}

async function main(): Promise<void> {
  const floodSize = arg('--flood', 5000);
  const bOrders = arg('--b-orders', 20);
  const results = [await run(true, floodSize, bOrders)];
  if (process.argv.includes('--compare')) results.push(await run(false, floodSize, bOrders));
  closeAgents();
  for (const r of results) {
    console.log(`\nfair queue ${r.fairQueue ? 'on' : 'off'}: A flooded ${floodSize} orders (${r.aQueuedWhenBStarted} still pending when B started)`);
    const row = (name: string, s: ReturnType<typeof summary>) =>
      console.log(`  ${name.padEnd(36)} n=${s.count}  p50 ${s.p50} ms  p90 ${s.p90} ms  p99 ${s.p99} ms  max ${s.max} ms`);
    row('B submit → confirmed, idle engine', r.idle);
    row('B submit → confirmed, during A flood', r.underFlood);
    row('A submit → confirmed', r.a);
  }
  console.log(`\n${JSON.stringify(results)}`);
  process.exit(0);
}

main().catch((err: Error) => {
  console.error(err.stack);
  process.exit(1);
});
