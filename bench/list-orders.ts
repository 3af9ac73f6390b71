/**
 * GET /api/orders with a million stored orders: fills a scratch database with N orders (one
 * INSERT … SELECT generate_series), starts one api process on it, then times first pages and
 * cursor walks deep into the listing over one keep-alive connection.
 *
 *   npm run build && npx ts-node --transpile-only bench/list-orders.ts [rows=1000000] [requests=2000]
 */
import { ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';
import { prepareDatabase } from '../libs/database/src/run-migrations';
import { printLatencies, timed } from './stats';

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/order_engine_bench_list';
const PORT = 3390;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const requests = Number(process.argv[3] ?? 2_000);
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(requests) || requests < 1) {
    console.error('usage: list-orders.ts [rows] [requests]');
    process.exit(2);
  }
  await fill(rows);
  const api = await startApi();
  try {
    for (let i = 0; i < 50; i++) await get('/api/orders'); // warm-up
    const first = await timed(requests, () => get('/api/orders'));
    const deep = await timed(requests, walker());
    const filtered = await timed(Math.min(requests, 500), () => get('/api/orders?status=confirmed'));
    printLatencies(`GET /api/orders with ${rows} orders stored (ms, one connection, sequential requests)`, {
      'first page (limit 50)': first,
      'cursor walk, pages 1-100': deep,
      'status=confirmed, first page': filtered,
    });
  } finally {
    api.kill('SIGTERM');
  }
}

async function fill(rows: number): Promise<void> {
  const admin = new Client({ connectionString: DATABASE_URL.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS order_engine_bench_list WITH (FORCE)');
  await admin.end();
  await prepareDatabase(DATABASE_URL);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const started = Date.now();
  // Spread over the last `rows` seconds, statuses mostly terminal, as a busy engine's table would
  // be. Every routed order carries a route (about 1.3 KB, inline) and a transaction (about 1.2 KB,
  // out of line) of the size and shape the engine stores: the listing returns the route of each.
  await db.query(
    `INSERT INTO orders (id, account_id, token_in, token_out, amount_in, slippage_bps, status, attempt, last_seq,
                         venue, route, execution, accepted_at, created_at, updated_at)
     SELECT gen_random_uuid(), '00000000-0000-4000-8000-000000000000', 'SOL', 'USDC', 1000000000, 50, s.status, 1, 5,
            CASE WHEN s.status <> 'pending' THEN 'meteora' END,
            CASE WHEN s.status <> 'pending' THEN ${ROUTE_SQL} END,
            CASE WHEN s.status <> 'pending' THEN ${EXECUTION_SQL} END,
            now() - g * interval '1 second', now() - g * interval '1 second', now() - g * interval '1 second'
       FROM generate_series(1, $1::int) AS g,
            LATERAL (SELECT (ARRAY['confirmed','confirmed','confirmed','failed','pending'])[1 + g % 5] AS status) s`,
    [rows],
  );
  await db.query('ANALYZE orders');
  console.log(`filled ${rows} orders in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await db.end();
}

/** A route summary like the engine's for a 1 SOL order, its amounts varied by the row number g. */
const ROUTE_SQL = `jsonb_build_object(
  'kind', 'single', 'route', 'meteora', 'tokenIn', 'SOL', 'tokenOut', 'USDC', 'inAmount', '1',
  'outAmount', (150 + g % 1000 / 1000.0)::text, 'priceImpactBps', 0, 'gainBps', g % 20, 'slippageBps', 50,
  'reason', 'meteora gives ' || (150 + g % 1000 / 1000.0) || ' USDC, ' || g % 20 || ' bps more than raydium after network fees',
  'quotedAt', now() - g * interval '1 second', 'expiresAt', now() - g * interval '1 second' + interval '10 seconds',
  'minAmountOut', (149 + g % 1000 / 1000.0)::text, 'networkFee', jsonb_build_object('lamports', '11500', 'inTokenOut', '0.001975'),
  'routePlan', jsonb_build_array(jsonb_build_object('venue', 'meteora', 'poolId', 'meteora-dlmm-sol-usdc', 'tokenIn', 'SOL',
    'tokenOut', 'USDC', 'inAmount', '1', 'outAmount', (150 + g % 1000 / 1000.0)::text, 'fee', '0.000804', 'priceImpactBps', 0, 'shareBps', 10000)),
  'candidates', jsonb_build_array(
    jsonb_build_object('kind', 'single', 'route', 'raydium', 'outAmount', (149.9 + g % 1000 / 1000.0)::text, 'networkFee', '0.001718',
      'priceImpactBps', 1, 'legs', jsonb_build_array(jsonb_build_object('venue', 'raydium', 'poolId', 'raydium-amm-v4-sol-usdc', 'shareBps', 10000))),
    jsonb_build_object('kind', 'single', 'route', 'meteora', 'outAmount', (150 + g % 1000 / 1000.0)::text, 'networkFee', '0.001975',
      'priceImpactBps', 0, 'legs', jsonb_build_array(jsonb_build_object('venue', 'meteora', 'poolId', 'meteora-dlmm-sol-usdc', 'shareBps', 10000)))))`;

/** A stored transaction like the engine's: the built swap with its steps, then its submission. */
const EXECUTION_SQL = `jsonb_build_object('attempt', 1,
  'built', jsonb_build_object('kind', 'single', 'route', 'meteora', 'tokenIn', 'SOL', 'tokenOut', 'USDC',
    'inAmount', '1000000000', 'quotedOut', (150000000 + g % 1000000)::text, 'minAmountOut', (149000000 + g % 1000000)::text,
    'slippageBps', 50, 'computeUnits', 130000, 'feeLamports', '11500', 'blockhash', md5(g::text) || md5((g + 1)::text),
    'lastValidSlot', 500000000 + g, 'builtAt', 1795566298237 - g * 1000,
    'legs', jsonb_build_array(jsonb_build_object('venue', 'meteora', 'poolId', 'meteora-dlmm-sol-usdc', 'chained', false,
      'tokenIn', 'SOL', 'tokenOut', 'USDC', 'inAmount', '1000000000', 'quotedOut', (150000000 + g % 1000000)::text)),
    'steps', jsonb_build_array('ComputeBudget: SetComputeUnitLimit 130000',
      'ComputeBudget: SetComputeUnitPrice 50000 micro-lamports (priority fee 0.0000065 SOL)',
      'Create a temporary wSOL account (rent deposit 0.00203928 SOL, refunded on close)',
      'Wrap 1 SOL into wSOL (transfer + SyncNative)',
      'Swap 1 SOL for USDC on meteora pool meteora-dlmm-sol-usdc (quoted ' || (150 + g % 1000 / 1000.0) || ' USDC)',
      'Check minAmountOut: at least ' || (149 + g % 1000 / 1000.0) || ' USDC received (slippage 50 bps), or the whole transaction fails',
      'Close the temporary wSOL account: the rent deposit is refunded')),
  'submitted', jsonb_build_object('signature', md5(g::text) || md5((g + 2)::text) || md5((g + 3)::text),
    'submitSlot', 500000000 + g - 150, 'submittedAt', 1795566298243 - g * 1000))`;

function startApi(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'dist/apps/api/apps/api/src/main.js')], {
    env: { ...process.env, DATABASE_URL, PORT: String(PORT), HOST: '127.0.0.1', RUN_WORKER: 'false', QUEUE_PREFIX: 'bench-list', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 30_000;
    const poll = () =>
      get('/health').then(
        () => resolve(child),
        () => (Date.now() > deadline ? reject(new Error('api did not start')) : setTimeout(poll, 200)),
      );
    poll();
  });
}

function get(path: string): Promise<{ nextCursor: string | null }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: PORT, path, agent }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Follows nextCursor 100 pages deep, then starts over from the first page. */
function walker(): () => Promise<unknown> {
  let cursor: string | null = null;
  let depth = 0;
  return async () => {
    const page = await get(cursor && depth < 100 ? `/api/orders?cursor=${encodeURIComponent(cursor)}` : '/api/orders');
    depth = cursor && depth < 100 ? depth + 1 : 1;
    cursor = page.nextCursor;
  };
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
