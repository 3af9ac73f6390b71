import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

/** Log levels from the most to the least severe; LOG_LEVEL keeps its own and those before it. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** The levels a process logs at LOG_LEVEL `level`: that one and every more severe one. */
export function logLevelsUpTo(level: LogLevelName): LogLevelName[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/**
 * Every setting the engine reads, with its default. Defaults point at the local Postgres and Redis,
 * so the engine starts with no `.env` at all. `.env.example` documents the same list.
 */
export class EnvironmentVariables {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsString() @MinLength(1)
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/order_engine';

  /**
   * Postgres connections per process. Concurrent order steps share grouped statements (at most four
   * in flight per kind), so the pool need not grow with WORKER_CONCURRENCY.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DB_POOL_SIZE = 20;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every BullMQ key and pub/sub channel, so several engines can share one Redis. */
  @IsString() @MinLength(1)
  QUEUE_PREFIX = 'engine';

  /** Whether the api app also runs the execution worker (the one-process `npm start`). */
  @Transform(toBool) @IsIn([true, false])
  RUN_WORKER = true;

  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  WORKER_CONCURRENCY = 10;

  /** Orders started per minute across all workers; 0 lifts the limit. */
  @Transform(toInt) @IsInt() @Min(0)
  QUEUE_RATE_LIMIT = 100;

  @Transform(toInt) @IsInt() @Min(1) @Max(20)
  ORDER_ATTEMPTS = 3;

  /** First retry delay; later ones double, with jitter. */
  @Transform(toInt) @IsInt() @Min(0)
  RETRY_BACKOFF_MS = 1000;

  /**
   * How long a worker's lock on a running job lasts without renewal; a job whose worker died is
   * run again by another worker after about this long.
   */
  @Transform(toInt) @IsInt() @Min(1000)
  WORKER_LOCK_MS = 30000;

  /** On SIGTERM, how long a worker waits for its running orders before handing them back. */
  @Transform(toInt) @IsInt() @Min(0)
  SHUTDOWN_TIMEOUT_MS = 20000;

  /** How often the reconciler looks for orders that lost their job. */
  @Transform(toInt) @IsInt() @Min(100)
  RECONCILE_INTERVAL_MS = 15000;

  /**
   * A market tick: how often waiting orders are checked against the market (limit and stop
   * triggers, snipers' launches, expiries). One slot (400 ms) by default.
   */
  @Transform(toInt) @IsInt() @Min(50) @Max(60000)
  TRIGGER_TICK_MS = 400;

  /** An order is checked by the reconciler once it has not changed for this long. */
  @Transform(toInt) @IsInt() @Min(100)
  RECONCILE_AFTER_MS = 30000;

  @IsIn(['realistic', 'off'])
  SIM_LATENCY: 'realistic' | 'off' = 'realistic';

  @IsString() @MinLength(1)
  SIM_SEED = 'order-engine';

  /** Probability that one execution attempt meets an injected transient fault. */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(1)
  SIM_FAULT_RATE = 0.02;

  /** Network congestion: `on` delays some landings and now and then expires a blockhash; `off` for tests. */
  @IsIn(['on', 'off'])
  SIM_CONGESTION: 'on' | 'off' = 'on';

  /**
   * Per-code fault probabilities per attempt, e.g. `SLIPPAGE_EXCEEDED=0.05,RPC_TIMEOUT=0.01`
   * (codes: RPC_TIMEOUT, RPC_RATE_LIMITED, QUOTE_EXPIRED, SLIPPAGE_EXCEEDED, BLOCKHASH_EXPIRED,
   * NO_ROUTE, INSUFFICIENT_LIQUIDITY).
   */
  @Matches(/^$|^[A-Z_]+=(0|1|0?\.\d+)(,[A-Z_]+=(0|1|0?\.\d+))*$/, {
    message: 'SIM_FAULTS must look like CODE=0.05,CODE=0.01',
  })
  SIM_FAULTS = '';

  /**
   * Orders made to fail, by order number: `3=SLIPPAGE_EXCEEDED` fails order 3 on every attempt,
   * `5=RPC_TIMEOUT:1` only on its first attempt.
   */
  @Matches(/^$|^\d+=[A-Z_]+(:\d+)?(,\d+=[A-Z_]+(:\d+)?)*$/, {
    message: 'SIM_FAIL_ORDERS must look like 3=SLIPPAGE_EXCEEDED,5=RPC_TIMEOUT:1',
  })
  SIM_FAIL_ORDERS = '';

  /** A scheduled token launch on the launchpad every this many ms (at least 1000); 0 = no scheduled launches. */
  @Transform(toInt) @ValidateIf((env: EnvironmentVariables) => env.SIM_LAUNCH_INTERVAL_MS !== 0) @IsInt() @Min(1000)
  SIM_LAUNCH_INTERVAL_MS = 300000;

  /** How long before its launch a scheduled launch is announced (GET /api/launches, quotes answer NOT_YET_TRADABLE). */
  @Transform(toInt) @IsInt() @Min(0)
  SIM_LAUNCH_ANNOUNCE_MS = 60000;

  /** How often each process reloads the ad-hoc launches (POST /api/sim/launches) made by the others. */
  @Transform(toInt) @IsInt() @Min(100) @Max(60000)
  SIM_LAUNCH_REFRESH_MS = 1000;

  /** Whether POST /api/sim/launches exists (an admin endpoint in AUTH_MODE=required); otherwise it is a 404. */
  @Transform(toBool) @IsIn([true, false])
  SIM_LAUNCHES_API = false;

  @Transform(toInt) @IsInt() @Min(256) @Max(1048576)
  BODY_LIMIT_BYTES = 16384;

  /** How often WebSocket clients are pinged; one that misses a ping is dropped at the next. */
  @Transform(toInt) @IsInt() @Min(100)
  WS_HEARTBEAT_MS = 30000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevelName = 'log';

  /** `json`: one JSON object a line; `pretty`: coloured lines for people; `auto`: pretty on a terminal, else JSON. */
  @IsIn(['auto', 'json', 'pretty'])
  LOG_FORMAT: 'auto' | 'json' | 'pretty' = 'auto';

  // --- Observability ---

  /** Prometheus metrics: collected and served at GET /metrics; false collects nothing and /metrics is a 404. */
  @Transform(toBool) @IsIn([true, false])
  METRICS_ENABLED = true;

  /** A worker run alone (`npm run start:worker`) serves /metrics and its probes on this port; 0 = no HTTP port. */
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  WORKER_HTTP_PORT = 3001;

  // --- Accounts and fair use ---

  /**
   * `open`: a request without a key acts as the built-in account `public` (the mission's contract,
   * no key needed); a request with a key acts as its account. `required`: every request needs a key.
   */
  @IsIn(['open', 'required'])
  AUTH_MODE: 'open' | 'required' = 'open';

  /** Orders an account may place per second, across every api process (a key may set its own); 0 = no limit. */
  @Transform(toInt) @IsInt() @Min(0)
  RATE_LIMIT_ORDERS_PER_SECOND = 100;

  /** Reads (GET) an account may make per second, across every api process; 0 = no limit. */
  @Transform(toInt) @IsInt() @Min(0)
  RATE_LIMIT_READS_PER_SECOND = 500;

  /** Non-terminal orders an account may hold at once (a key may set its own); 0 = no limit. */
  @Transform(toInt) @IsInt() @Min(0)
  MAX_OPEN_ORDERS = 5000;

  /**
   * Open orders above which an account's new orders queue behind those of lighter accounts, so
   * that one account's backlog cannot starve the others.
   */
  @Transform(toInt) @IsInt() @Min(1)
  FAIR_QUEUE_THRESHOLD = 50;

  // --- The edge: limits and timeouts ---

  /** Longest request URL (HTTP and WebSocket upgrade); longer ones get 414 before any parsing. */
  @Transform(toInt) @IsInt() @Min(64) @Max(65536)
  MAX_URL_LENGTH = 2048;

  /** Longest a client may take to send a whole request (Fastify requestTimeout). */
  @Transform(toInt) @IsInt() @Min(100)
  HTTP_REQUEST_TIMEOUT_MS = 30000;

  /** An idle socket is closed after this long (Fastify connectionTimeout). */
  @Transform(toInt) @IsInt() @Min(100)
  HTTP_CONNECTION_TIMEOUT_MS = 60000;

  /** A keep-alive connection with no request is closed after this long. */
  @Transform(toInt) @IsInt() @Min(100)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 72000;

  /** Origins allowed to call the API from a browser, comma-separated (`*` for any); empty: CORS off. */
  @Matches(/^$|^\*$|^[^\s,]+(,[^\s,]+)*$/, { message: 'CORS_ORIGINS must be empty, * or a comma-separated list of origins' })
  CORS_ORIGINS = '';

  /** WebSocket connections per api process; beyond it an upgrade gets 503. */
  @Transform(toInt) @IsInt() @Min(1)
  WS_MAX_CONNECTIONS = 20000;

  /** WebSocket connections per client address per api process; beyond it an upgrade gets 503. */
  @Transform(toInt) @IsInt() @Min(1)
  WS_MAX_CONNECTIONS_PER_ADDRESS = 1000;

  /** Postgres: a statement running longer than this is cancelled (the migrations at start have no limit). */
  @Transform(toInt) @IsInt() @Min(100)
  PG_STATEMENT_TIMEOUT_MS = 15000;

  /** Postgres: a statement waiting longer than this for a lock fails. */
  @Transform(toInt) @IsInt() @Min(100)
  PG_LOCK_TIMEOUT_MS = 5000;

  /** Postgres: a session idle inside a transaction longer than this is ended by the server. */
  @Transform(toInt) @IsInt() @Min(100)
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30000;

  /** Postgres: how long to wait for a new connection, or for a free one in the pool. */
  @Transform(toInt) @IsInt() @Min(100)
  PG_CONNECT_TIMEOUT_MS = 5000;

  /**
   * Requests one kind of grouped statement or Redis command may hold waiting; past it the api
   * answers 503 with Retry-After rather than queueing without end.
   */
  @Transform(toInt) @IsInt() @Min(100)
  GROUP_QUEUE_LIMIT = 20000;
}

/** Reads and validates the environment; throws one error listing every bad setting. */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): EnvironmentVariables {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = plainToInstance(EnvironmentVariables, defined, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) => `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed;
}
