import { MaxRetriesPerRequestError } from 'ioredis/built/errors';
import { DatabaseError } from 'pg';
import { QueryFailedError, TypeORMError } from 'typeorm';
import { dependencyFailure, DependencyUnavailableError, isConnectionLost, isNeverSent, unavailableDependency } from './dependency-errors';
import { TimeoutError } from './with-timeout';

/** An error as pg reports a server's ErrorResponse: pg-protocol's DatabaseError with its SQLSTATE. */
function pgError(code: string, message: string): DatabaseError {
  const err = new DatabaseError(message, message.length, 'error');
  err.code = code;
  err.severity = code.startsWith('57P') ? 'FATAL' : 'ERROR';
  return err;
}

/** As TypeORM hands it to the caller: QueryFailedError around the driver's error. */
const viaTypeorm = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

/** A socket error as Node reports it. */
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });

describe('dependency error classification', () => {
  it.each([
    ['a terminated backend (57P01)', viaTypeorm(pgError('57P01', 'terminating connection due to administrator command'))],
    ['a crashed server (57P02)', viaTypeorm(pgError('57P02', 'terminating connection because of crash of another server process'))],
    ['a server starting or stopping (57P03)', pgError('57P03', 'the database system is shutting down')],
    ['a connection exception (08006)', viaTypeorm(pgError('08006', 'connection failure'))],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
    ['a database closed to new sessions', pgError('55000', 'database "orders" is not currently accepting connections')],
    ['a socket reset mid-statement', viaTypeorm(new Error('Connection terminated unexpectedly'))],
    ['a refused connection', socketError('ECONNREFUSED')],
    ['a reset socket', socketError('ECONNRESET')],
    ['the pool timing out on connect', new Error('timeout exceeded when trying to connect')],
    ['a connect timeout', new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') })],
    ['a client that lost its connection', new Error('Client has encountered a connection error and is not queryable')],
  ])('%s: a lost connection of Postgres, worth one retry and a 503', (_, err) => {
    expect(isConnectionLost(err)).toBe(true);
    expect(unavailableDependency(err)).toBe('postgres');
  });

  it.each([
    ['a statement timeout (57014)', viaTypeorm(pgError('57014', 'canceling statement due to statement timeout'))],
    ['a lock timeout (55P03)', viaTypeorm(pgError('55P03', 'canceling statement due to lock timeout'))],
    ['a read-only standby (25006)', viaTypeorm(pgError('25006', 'cannot execute INSERT in a read-only transaction'))],
    ['out of memory (53200)', pgError('53200', 'out of memory')],
    ['a deadlock (40P01)', viaTypeorm(pgError('40P01', 'deadlock detected'))],
    ['a pool closed by a stop', new Error('Cannot use a pool after calling end on the pool')],
    ['a data source not connected', new TypeORMError('Driver not Connected')],
  ])('%s: Postgres unavailable (503) but not retried on a fresh connection', (_, err) => {
    expect(unavailableDependency(err)).toBe('postgres');
    expect(isConnectionLost(err)).toBe(false);
  });

  it.each([
    ['ioredis with a closed connection', new Error('Connection is closed.')],
    ['ioredis giving up its retries', new MaxRetriesPerRequestError(2)],
    ['ioredis timing out a command', new Error('Command timed out')],
    ['ioredis without an offline queue', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['Redis loading its data set', Object.assign(new Error('LOADING Redis is loading the dataset in memory'), { name: 'ReplyError' })],
    ['a wait for Redis that timed out', new TimeoutError('enqueue', 3000, 'redis')],
  ])('%s: Redis unavailable (503)', (_, err) => {
    expect(unavailableDependency(err)).toBe('redis');
    expect(dependencyFailure(err)).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', dependency: 'redis', retryAfterS: 1 });
  });

  it.each([
    ['a unique violation (23505)', viaTypeorm(pgError('23505', 'duplicate key value violates unique constraint "orders_pkey"'))],
    ['a bad value (22P02)', viaTypeorm(pgError('22P02', 'invalid input syntax for type uuid: "x"'))],
    ['a syntax error (42601)', viaTypeorm(pgError('42601', 'syntax error at or near "SELEC"'))],
    ['a missing column (42703)', pgError('42703', 'column "nope" does not exist')],
    ['an object in the wrong state (55000)', pgError('55000', 'cannot refresh materialized view concurrently')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a Redis script error', Object.assign(new Error('ERR Error running script'), { name: 'ReplyError' })],
    ['a timeout of no dependency', new TimeoutError('draining the running orders', 1000)],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
  ])('%s: a bug or a refused statement, never a 503', (_, err) => {
    expect(unavailableDependency(err)).toBeUndefined();
    expect(isConnectionLost(err)).toBe(false);
    expect(dependencyFailure(err)).toBeUndefined();
  });

  it('tells a statement that never reached the server (safe to send again) from one whose answer was lost', () => {
    expect(isNeverSent(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(isNeverSent(new Error('Client was closed and is not queryable'))).toBe(true);
    expect(isNeverSent(viaTypeorm(pgError('57P01', 'terminating connection due to administrator command')))).toBe(false);
    expect(isNeverSent(new Error('Connection terminated unexpectedly'))).toBe(false);
  });

  it('names the dependency and the cause, without the query or its parameters', () => {
    const err = new QueryFailedError('INSERT INTO orders VALUES ($1)', ['secret-value'], pgError('57P01', 'terminating connection due to administrator command'));
    const failure = dependencyFailure(err)!;
    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect(failure.dependency).toBe('postgres');
    expect(failure.message).toBe('the database (PostgreSQL) is unavailable: terminating connection due to administrator command; retry shortly');
    expect(failure.message).not.toContain('secret-value');
    expect(failure.message).not.toContain('INSERT');
  });

  it('keeps a DependencyUnavailableError as it is', () => {
    const err = new DependencyUnavailableError('redis', 'the rate limiter cannot reach Redis', 2);
    expect(dependencyFailure(err)).toBe(err);
  });
});
