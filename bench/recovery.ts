/**
 * Recovery: how long the reconciler takes to enqueue again, and the engine to finish, N orders
 * that were accepted but lost their jobs (as after a crash of the api right after its inserts, or
 * Redis restarted empty). Stores N stranded orders in one statement, starts one api and one
 * worker with the reconciler running every second (RECONCILE_AFTER_MS 10 s), and reads progress from Postgres every 500 ms.
 *
 *   npm run build && npx ts-node -r tsconfig-paths/register --transpile-only bench/recovery.ts [--stranded 100000]
 */
import { Client } from 'pg';
import { PUBLIC_ACCOUNT_ID } from '@app/accounts';
import { DATABASE_URL, freshStores, startEngine } from './scenario-support';

const PORT = 3380;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function strand(db: Client, n: number): Promise<void> {
  await db.query(
    `WITH o AS (
       INSERT INTO orders (id, account_id, token_in, token_out, amount_in, slippage_bps, status, attempt, last_seq,
                           accepted_at, created_at, updated_at)
       SELECT gen_random_uuid(), $2, 'SOL', 'USDC', 500000000, 500, 'pending', 0, 1,
              now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour'
         FROM generate_series(1, $1::int)
       RETURNING id, created_at
     )
     INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
     SELECT id, 1, 'pending', 0, '{}'::jsonb, created_at FROM o`,
    [n, PUBLIC_ACCOUNT_ID],
  );
}

async function main(): Promise<void> {
  const n = arg('--stranded', 100_000);
  await freshStores();
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  await strand(db, n);
  console.log(`${n} stranded orders stored; starting the engine (reconciler every 1 s, for orders unchanged 10 s)`);
  const engine = await startEngine({ RECONCILE_INTERVAL_MS: '1000', RECONCILE_AFTER_MS: '10000' }, false, PORT);
  const start = Date.now();
  let requeuedAllS: number | null = null;
  let terminalAllS: number | null = null;
  const curve: Array<{ s: number; requeued: number; terminal: number }> = [];
  try {
    while (terminalAllS === null && Date.now() - start < 1_800_000) {
      await new Promise((r) => setTimeout(r, 500));
      const { rows } = await db.query(
        `SELECT count(*) FILTER (WHERE recoveries > 0)::int AS requeued,
                count(*) FILTER (WHERE status IN ('confirmed', 'failed'))::int AS terminal FROM orders`,
      );
      const s = (Date.now() - start) / 1000;
      curve.push({ s, ...rows[0] });
      if (requeuedAllS === null && rows[0].requeued + rows[0].terminal >= n && rows[0].requeued > 0) requeuedAllS = s;
      if (rows[0].terminal >= n) terminalAllS = s;
    }
  } finally {
    await engine.stopAll();
    await db.end();
  }
  const result = { stranded: n, requeuedAllS, terminalAllS, requeuedPerS: requeuedAllS ? Math.round(n / requeuedAllS) : null };
  console.log(`\nall ${n} enqueued again after ${requeuedAllS} s (${result.requeuedPerS} orders/s), all terminal after ${terminalAllS} s`);
  console.log(JSON.stringify({ ...result, curve: curve.filter((_, i) => i % 4 === 0) }));
  process.exit(terminalAllS === null ? 1 : 0);
}

main().catch((err: Error) => {
  console.error(err.stack);
  process.exit(1);
});
