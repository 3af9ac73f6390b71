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
    report(rows, { 'first page (limit 50)': first, 'cursor walk, pages 1-100': deep, 'status=confirmed, first page': filtered });
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
  // Spread over the last `rows` seconds, statuses mostly terminal, as a busy engine's table would be.
  await db.query(
    `INSERT INTO orders (id, token_in, token_out, amount_in, slippage_bps, status, attempt, last_seq,
                         accepted_at, created_at, updated_at)
     SELECT gen_random_uuid(), 'SOL', 'USDC', 1000000000, 50,
            (ARRAY['confirmed','confirmed','confirmed','failed','pending'])[1 + g % 5], 1, 5,
            now() - g * interval '1 second', now() - g * interval '1 second', now() - g * interval '1 second'
       FROM generate_series(1, $1::int) AS g`,
    [rows],
  );
  await db.query('ANALYZE orders');
  console.log(`filled ${rows} orders in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await db.end();
}

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

async function timed(n: number, call: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

function report(rows: number, runs: Record<string, number[]>): void {
  const at = (s: number[], q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(2);
  console.log(`GET /api/orders with ${rows} orders stored (ms, one connection, sequential requests)`);
  console.log('case                             n      p50    p90    p99    max');
  for (const [name, s] of Object.entries(runs)) {
    console.log(`${name.padEnd(32)} ${String(s.length).padEnd(6)} ${at(s, 0.5).padStart(6)} ${at(s, 0.9).padStart(6)} ${at(s, 0.99).padStart(6)} ${s[s.length - 1].toFixed(2).padStart(6)}`);
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
