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
  return {
    url: env.DATABASE_URL,
    poolSize: env.DB_POOL_SIZE,
    statementTimeoutMs: env.PG_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: env.PG_LOCK_TIMEOUT_MS,
    idleInTransactionTimeoutMs: env.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    connectTimeoutMs: env.PG_CONNECT_TIMEOUT_MS,
  };
});

/** What clients may do: authentication and per-account limits. */
export const accountsConfig = registerAs('accounts', () => {
  const env = loadEnvironment();
  return {
    authMode: env.AUTH_MODE,
    ordersPerSecond: env.RATE_LIMIT_ORDERS_PER_SECOND,
    readsPerSecond: env.RATE_LIMIT_READS_PER_SECOND,
    maxOpenOrders: env.MAX_OPEN_ORDERS,
    fairQueueThreshold: env.FAIR_QUEUE_THRESHOLD,
  };
});

/** Limits and timeouts of the HTTP and WebSocket edge. */
export const edgeConfig = registerAs('edge', () => {
  const env = loadEnvironment();
  return {
    maxUrlLength: env.MAX_URL_LENGTH,
    requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeoutMs: env.HTTP_CONNECTION_TIMEOUT_MS,
    keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    corsOrigins: env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',') : [],
    wsMaxConnections: env.WS_MAX_CONNECTIONS,
    wsMaxConnectionsPerAddress: env.WS_MAX_CONNECTIONS_PER_ADDRESS,
    groupQueueLimit: env.GROUP_QUEUE_LIMIT,
  };
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
    triggerTickMs: env.TRIGGER_TICK_MS,
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
    launchIntervalMs: env.SIM_LAUNCH_INTERVAL_MS,
    launchAnnounceMs: env.SIM_LAUNCH_ANNOUNCE_MS,
    launchRefreshMs: env.SIM_LAUNCH_REFRESH_MS,
    /** POST /api/sim/launches: read by the api module's composition, not by the market. */
    launchesApi: env.SIM_LAUNCHES_API,
  };
});

/** Metrics, logs and the worker's own HTTP port. */
export const observabilityConfig = registerAs('observability', () => {
  const env = loadEnvironment();
  return {
    metricsEnabled: env.METRICS_ENABLED,
    workerHttpPort: env.WORKER_HTTP_PORT,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
  };
});

/** "a=1,b=2" → [["a","1"],["b","2"]]; the format was checked by the environment's validation. */
function pairs(list: string): Array<[string, string]> {
  return list ? list.split(',').map((item) => item.split('=') as [string, string]) : [];
}

export type AppConfig = ReturnType<typeof appConfig>;
export type DatabaseConfig = ReturnType<typeof databaseConfig>;
export type AccountsConfig = ReturnType<typeof accountsConfig>;
export type EdgeConfig = ReturnType<typeof edgeConfig>;
export type RedisConfig = ReturnType<typeof redisConfig>;
export type ExecutionConfig = ReturnType<typeof executionConfig>;
export type SimulationConfig = ReturnType<typeof simulationConfig>;
export type ObservabilityConfig = ReturnType<typeof observabilityConfig>;
