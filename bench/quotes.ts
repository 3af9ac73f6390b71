/**
 * GET /api/quotes latency by route length: starts one api process (no worker, simulated latency
 * off, so the figures are the engine's own work: path search, pool math, splits), then times N
 * sequential quotes over one keep-alive connection for a 1-hop pair (SOL→USDC, which also weighs
 * the split), a 2-hop pair (SOL→USDT) and a 3-hop pair (BONK→USDT), and prints p50/p90/p99.
 *
 *   npm run build && npx ts-node --transpile-only bench/quotes.ts [requests=2000]
 */
import { ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { printLatencies, timed } from './stats';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/order_engine_bench_quotes';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PORT = Number(process.env.BENCH_PORT ?? 3391);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Amounts that keep each route's shape at any moment of the simulated market. */
const CASES: Array<[name: string, query: string]> = [
  ['1 hop   SOL→USDC (10 SOL)', 'tokenIn=SOL&tokenOut=USDC&amountIn=10'],
  ['2 hops  SOL→USDT (10 SOL)', 'tokenIn=SOL&tokenOut=USDT&amountIn=10'],
  ['3 hops  BONK→USDT (1M BONK)', 'tokenIn=BONK&tokenOut=USDT&amountIn=1000000'],
];
const EXPECTED_HOPS = [1, 2, 3];

async function main(): Promise<void> {
  const requests = Number(process.argv[2] ?? 2_000);
  if (!Number.isInteger(requests) || requests < 1) {
    console.error('usage: quotes.ts [requests]');
    process.exit(2);
  }
  const api = await startApi();
  try {
    const runs: Record<string, number[]> = {};
    for (const [i, [name, query]] of CASES.entries()) {
      const first = await get(`/api/quotes?${query}`);
      if (first.hops !== EXPECTED_HOPS[i]) throw new Error(`${name}: the quote took ${first.hops} hops (${first.route})`);
      for (let w = 0; w < 100; w++) await get(`/api/quotes?${query}`); // warm-up
      runs[name] = await timed(requests, () => get(`/api/quotes?${query}`));
    }
    printLatencies('GET /api/quotes (ms, one connection, sequential requests, simulated latency off)', runs);
  } finally {
    api.kill('SIGTERM');
  }
}

function startApi(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'dist/apps/api/apps/api/src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL,
      REDIS_URL,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      RUN_WORKER: 'false',
      AUTH_MODE: 'open',
      QUEUE_PREFIX: 'bench-quotes',
      LOG_LEVEL: 'warn',
      SIM_LATENCY: 'off',
      SIM_FAULT_RATE: '0',
      SIM_FAULTS: '',
      SIM_FAIL_ORDERS: '',
      // The bench measures quoting, not an account's allowance.
      RATE_LIMIT_READS_PER_SECOND: '0',
      RATE_LIMIT_ORDERS_PER_SECOND: '0',
    },
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = () => {
      if (child.exitCode !== null) return reject(new Error(`api exited with code ${child.exitCode}`));
      get('/health').then(
        () => resolve(child),
        () => (Date.now() > deadline ? reject(new Error('api did not start')) : setTimeout(poll, 200)),
      );
    };
    poll();
  });
}

function get(path: string): Promise<{ hops?: number; route?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: PORT, path, agent }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${path}: ${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
