import { registerAs } from '@nestjs/config';
import { parseRedisUrl } from '@app/common';
import { loadEnvironment } from './environment';

export const appConfig = registerAs('app', () => {
  const env = loadEnvironment();
  return {
    port: env.PORT,
    host: env.HOST,
    runWorker: env.RUN_WORKER,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    wsHeartbeatMs: env.WS_HEARTBEAT_MS,
    logLevel: env.LOG_LEVEL,
  };
});

export const databaseConfig = registerAs('database', () => {
  const env = loadEnvironment();
  return { url: env.DATABASE_URL, poolSize: env.DB_POOL_SIZE };
});

export const redisConfig = registerAs('redis', () => {
  const env = loadEnvironment();
  return { endpoint: parseRedisUrl(env.REDIS_URL), prefix: env.QUEUE_PREFIX };
});

export const executionConfig = registerAs('execution', () => {
  const env = loadEnvironment();
  return {
    concurrency: env.WORKER_CONCURRENCY,
    rateLimitPerMinute: env.QUEUE_RATE_LIMIT,
    attempts: env.ORDER_ATTEMPTS,
    backoffMs: env.RETRY_BACKOFF_MS,
    lockMs: env.WORKER_LOCK_MS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
    reconcileAfterMs: env.RECONCILE_AFTER_MS,
  };
});

export const simulationConfig = registerAs('simulation', () => {
  const env = loadEnvironment();
  return {
    latency: env.SIM_LATENCY,
    seed: env.SIM_SEED,
    faultRate: env.SIM_FAULT_RATE,
    congestion: env.SIM_CONGESTION === 'on',
    faults: Object.fromEntries(pairs(env.SIM_FAULTS).map(([code, p]) => [code, Number(p)])),
    failOrders: pairs(env.SIM_FAIL_ORDERS).map(([order, rule]) => {
      const [code, attempts] = rule.split(':');
      return { order: Number(order), code, ...(attempts ? { attempts: Number(attempts) } : {}) };
    }),
  };
});

/** "a=1,b=2" → [["a","1"],["b","2"]]; the format was checked by the environment's validation. */
function pairs(list: string): Array<[string, string]> {
  return list ? list.split(',').map((item) => item.split('=') as [string, string]) : [];
}

export type AppConfig = ReturnType<typeof appConfig>;
export type DatabaseConfig = ReturnType<typeof databaseConfig>;
export type RedisConfig = ReturnType<typeof redisConfig>;
export type ExecutionConfig = ReturnType<typeof executionConfig>;
export type SimulationConfig = ReturnType<typeof simulationConfig>;
