import { TimeoutError } from './with-timeout';

export type Dependency = 'postgres' | 'redis';

/**
 * A service the engine depends on (Postgres, Redis) did not answer, or answered that it cannot
 * serve now. Not a bug: the client gets 503 with Retry-After and may try again.
 */
export class DependencyUnavailableError extends Error {
  readonly code = 'DEPENDENCY_UNAVAILABLE';
  constructor(
    readonly dependency: Dependency,
    message: string,
    /** When a retry may succeed, in seconds. */
    readonly retryAfterS = 1,
  ) {
    super(message);
    this.name = 'DependencyUnavailableError';
  }
}

/**
 * The classification of the errors Postgres (pg, pg-pool, TypeORM), Redis (ioredis) and BullMQ
 * raise, in one place: which mean that the service is unavailable now (a client may retry, the
 * worker waits) and which are bugs. Two questions:
 *
 * - `isConnectionLost`: the connection broke, or none could be had. The statement may or may not
 *   have committed, and a fresh connection may well succeed: a grouped statement whose writes are
 *   idempotent is tried once more (see MicroBatcher's `retryOnceWhen`).
 * - `dependencyFailure`: anything that says the service cannot serve now (the above, and also
 *   timeouts, a server that refuses connections or is starting or shutting down, too many
 *   connections, a replica that is read-only). It becomes DependencyUnavailableError: 503.
 */

/** Socket errors of a connection that broke or could not be made. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN',
  'EHOSTDOWN', 'EAI_AGAIN', 'ENOTCONN', 'ESHUTDOWN',
]);

/**
 * SQLSTATEs of a session that ended or could not start: 08xxx (connection exception),
 * 57P01 admin_shutdown (the backend was terminated), 57P02 crash_shutdown, 57P03
 * cannot_connect_now (starting, or stopping), 53300 too_many_connections, and 3D000 / 55000 are
 * not here (a missing database, or an object in the wrong state, is no blip).
 */
function isSessionLostCode(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/**
 * SQLSTATEs of a server that is there but cannot serve this statement now: 57014 query_canceled
 * (statement_timeout), 55P03 lock_not_available (lock_timeout), 25P03 idle-in-transaction
 * timeout, 53xxx insufficient resources, 58xxx system errors (I/O), 25006 read_only (a failover
 * left this session on a standby), 40001/40P01 (serialization failure, deadlock: a retry succeeds),
 * 57P04 database_dropped is not one.
 */
const SERVER_BUSY_CODES = new Set(['57014', '55P03', '25P03', '25006', '40001', '40P01']);

function isServerBusyCode(code: string): boolean {
  return SERVER_BUSY_CODES.has(code) || code.startsWith('53') || code.startsWith('58');
}

/** Messages pg, pg-pool and TypeORM give a lost connection (they carry no code). */
const PG_CONNECTION_MESSAGES = [
  'connection terminated',
  'client has encountered a connection error and is not queryable',
  'client was closed and is not queryable',
  'timeout exceeded when trying to connect',
  'terminating connection',
  'server closed the connection unexpectedly',
  'connection ended unexpectedly',
  // 55000 at connect: the database is closed to new sessions (ALLOW_CONNECTIONS false, a restore).
  'is not currently accepting connections',
];
/** Messages of a pool or data source that is closed (the process is stopping): unavailable, not retried here. */
const PG_CLOSED_MESSAGES = [
  'cannot use a pool after calling end on the pool',
  'connection is not yet established',
  'driver not connected',
  'query read timeout',
];

/** Messages (lower case) of ioredis and of the Redis server that say Redis cannot serve now. */
const REDIS_MESSAGES = [
  'connection is closed',
  'reached the max retries per request limit',
  'command timed out',
  "stream isn't writeable",
  'loading redis is loading',
  'readonly you can',
  'masterdown',
  'busy redis is busy',
  'tryagain',
  'clusterdown',
  'redis connection is', // the dispatcher's own refusal when its client is not ready
  'connection in subscriber mode',
];

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

/** The error and what it wraps (TypeORM's driverError, an Error's cause), outermost first. */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let current: unknown = err;
  while (current !== null && typeof current === 'object' && out.length < 5) {
    const e = current as ErrorLike;
    out.push(e);
    current = e.driverError ?? e.cause;
  }
  return out;
}

const textOf = (e: ErrorLike) => (typeof e.message === 'string' ? e.message.toLowerCase() : '');
const codeOf = (e: ErrorLike) => (typeof e.code === 'string' ? e.code : undefined);

/**
 * The connection a statement ran on broke, or no connection could be had: retrying on a fresh
 * connection may succeed (the first try may also have committed: only idempotent work may retry).
 */
export function isConnectionLost(err: unknown): boolean {
  return chain(err).some((e) => {
    const code = codeOf(e);
    if (code !== undefined && (SOCKET_CODES.has(code) || isSessionLostCode(code))) return true;
    const text = textOf(e);
    return PG_CONNECTION_MESSAGES.some((m) => text.includes(m));
  });
}

/**
 * The statement never reached the server: pg refused it on a client whose connection had already
 * broken (nothing of it ran, so trying again is always safe).
 */
export function isNeverSent(err: unknown): boolean {
  return chain(err).some((e) => textOf(e).includes('is not queryable'));
}

/** Which dependency an error says is unavailable, or undefined when it does not (a bug, or a refusal of the data). */
export function unavailableDependency(err: unknown): Dependency | undefined {
  if (err instanceof DependencyUnavailableError) return err.dependency;
  const links = chain(err);
  for (const e of links) {
    const text = textOf(e);
    const name = typeof e.name === 'string' ? e.name : '';
    if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((m) => text.includes(m))) return 'redis';
    const code = codeOf(e);
    if (code !== undefined && (isSessionLostCode(code) || isServerBusyCode(code))) return 'postgres';
    if (PG_CONNECTION_MESSAGES.some((m) => text.includes(m)) || PG_CLOSED_MESSAGES.some((m) => text.includes(m))) {
      return 'postgres';
    }
    if (e instanceof TimeoutError && e.dependency) return e.dependency;
  }
  // A bare socket error: ioredis reports its own through 'error' events and MaxRetriesPerRequest,
  // so one that reaches a caller comes from pg (a pool connecting).
  if (links.some((e) => SOCKET_CODES.has(codeOf(e) ?? ''))) return 'postgres';
  return undefined;
}

/**
 * The error as DependencyUnavailableError when it says a dependency is unavailable, else
 * undefined. The message names the dependency and the cause, never a query or its parameters.
 */
export function dependencyFailure(err: unknown): DependencyUnavailableError | undefined {
  if (err instanceof DependencyUnavailableError) return err;
  const dependency = unavailableDependency(err);
  if (!dependency) return undefined;
  const cause = chain(err)[0];
  const detail = cause && typeof cause.message === 'string' ? cause.message.split('\n')[0].slice(0, 200) : 'no answer';
  const what = dependency === 'postgres' ? 'the database (PostgreSQL)' : 'Redis';
  return new DependencyUnavailableError(dependency, `${what} is unavailable: ${detail}; retry shortly`);
}

/**
 * MicroBatcher options for a grouped statement that may be tried again on a fresh connection when
 * its own was lost (see `retryOnceWhen`: only for statements that are idempotent as given).
 */
export const LOST_CONNECTION_RETRY = { retryOnceWhen: isConnectionLost, unsentWhen: isNeverSent } as const;
