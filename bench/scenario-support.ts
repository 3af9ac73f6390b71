/**
 * What the scenario benches (fairness, recovery) share: a fresh bench database and Redis prefix,
 * one api and one worker started as real processes, keys made on the bench database, orders placed
 * over keep-alive HTTP, and percentiles.
 */
import { prepareDatabase } from '@app/database';
import { makeBenchKey } from './bench-keys';
import { cleanRedis, resetDatabase } from './bench-environment';
import { EngineProcesses } from './engine-processes';
import { request } from './order-client';

export const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/order_engine_bench_scenario';
export const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = 'bench-scenario';

/** A clean database (migrated) and queue prefix. */
export async function freshStores(): Promise<void> {
  await resetDatabase(DATABASE_URL, true);
  await cleanRedis(REDIS_URL, `${PREFIX}:*`);
  await prepareDatabase(DATABASE_URL);
}

export async function startEngine(env: Record<string, string>, realistic: boolean, port: number): Promise<EngineProcesses> {
  const engine = new EngineProcesses({
    apis: 1, workers: 1, workerConcurrency: 200, realistic, basePort: port,
    databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, queuePrefix: PREFIX, heapProbe: false, env,
  });
  await engine.startAll();
  return engine;
}

/** Makes a key on the bench database with no limits: the scenario measures the queue, not the allowance. */
export function makeKey(account: string): Promise<string> {
  return makeBenchKey(DATABASE_URL, 0, account);
}

/** Places one order; resolves with its id. */
export async function place(apiUrl: string, key: string | null, concurrency: number): Promise<string> {
  const body = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.5', slippage: 0.05 };
  const res = await request(apiUrl, 'POST', '/api/orders/execute', body, concurrency, key ? { 'x-api-key': key } : {});
  if (res.status !== 202) throw new Error(`order refused: ${res.status} ${res.body}`);
  return (JSON.parse(res.body) as { orderId: string }).orderId;
}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summary(values: number[]): { count: number; p50: number | null; p90: number | null; p99: number | null; max: number | null } {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? null };
}
