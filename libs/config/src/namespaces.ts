import { registerAs } from '@nestjs/config';
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
  return { url: env.REDIS_URL, prefix: env.QUEUE_PREFIX };
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
  return { latency: env.SIM_LATENCY, seed: env.SIM_SEED, faultRate: env.SIM_FAULT_RATE };
});

export type AppConfig = ReturnType<typeof appConfig>;
export type DatabaseConfig = ReturnType<typeof databaseConfig>;
export type RedisConfig = ReturnType<typeof redisConfig>;
export type ExecutionConfig = ReturnType<typeof executionConfig>;
export type SimulationConfig = ReturnType<typeof simulationConfig>;
