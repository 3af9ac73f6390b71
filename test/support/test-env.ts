/**
 * Settings every e2e test runs with: its own database and Redis prefix (TEST_DATABASE_URL and
 * TEST_QUEUE_PREFIX move them, so two checkouts can run their suites side by side), no simulated latency,
 * no rate limit, fast retries, no injected faults, a fixed seed. Tests override single values.
 */
export const TEST_ENV: Record<string, string> = {
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/order_engine_test',
  REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: process.env.TEST_QUEUE_PREFIX ?? 'e2e',
  SIM_LATENCY: 'off',
  SIM_SEED: 'e2e-seed',
  SIM_FAULT_RATE: '0',
  SIM_FAULTS: '',
  SIM_CONGESTION: 'off',
  SIM_FAIL_ORDERS: '',
  // POST /api/sim/launches: off, as by default; the launches suite turns it on where it needs it.
  SIM_LAUNCHES_API: 'false',
  QUEUE_RATE_LIMIT: '0',
  RETRY_BACKOFF_MS: '20',
  WORKER_CONCURRENCY: '10',
  RUN_WORKER: 'true',
  LOG_LEVEL: 'error',
  WS_HEARTBEAT_MS: '30000',
  // Suites post thousands of orders as one account: the limits are tested by their own suite.
  RATE_LIMIT_ORDERS_PER_SECOND: '0',
  RATE_LIMIT_READS_PER_SECOND: '0',
  MAX_OPEN_ORDERS: '0',
  // A worker started by a suite opens no HTTP port unless the suite gives it one (suites run side by side).
  WORKER_HTTP_PORT: '0',
  METRICS_ENABLED: 'true',
  LOG_FORMAT: 'auto',
};

export function applyTestEnv(overrides: Record<string, string> = {}): void {
  Object.assign(process.env, TEST_ENV, overrides);
}
