import { isConnectionLost } from '@app/common';
import {
  DataSource,
  QueryRunner,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';

/**
 * Pooled connections tried before giving up, each found dead at its first round trip: beyond the
 * pool's size (a server that dropped every session leaves every idle one dead), at least this many.
 */
const MIN_TRIES = 4;

/**
 * Runs `work` on a pooled connection that has just answered a round trip: for the retry of a
 * statement whose connection was lost. When the server dropped all its sessions at once, the
 * pool still holds the others until their sockets report it (later, on a busy event loop), and
 * the retry must not go out on one of those: a connection that fails its `SELECT 1` is discarded
 * and the next one tried. Costs one round trip, on the retry path only.
 */
export async function withLiveConnection<T>(db: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const poolSize = Number((db.options.extra as { max?: unknown } | undefined)?.max) || 10;
  const tries = Math.max(MIN_TRIES, poolSize + 1);
  for (let tried = 1; ; tried++) {
    const runner = db.createQueryRunner();
    try {
      await runner.query('SELECT 1');
    } catch (err) {
      // Released with its error, the connection leaves the pool instead of going back to it.
      await (runner.release as (err?: unknown) => Promise<void>).call(runner, err).catch(() => undefined);
      if (tried >= tries || !isConnectionLost(err)) throw err;
      continue;
    }
    try {
      return await work(runner);
    } catch (err) {
      // TypeORM releases a runner whose connection reported an error; its next statement is
      // refused with this, before anything is sent. The connection was lost, not misused.
      if (err instanceof QueryRunnerProviderAlreadyReleasedError || err instanceof QueryRunnerAlreadyReleasedError) {
        throw new Error('Connection terminated: the connection of a retry was lost', { cause: err });
      }
      throw err;
    } finally {
      await runner.release();
    }
  }
}

/**
 * A MicroBatcher flush whose retry (see `retryOnceWhen`) runs on a live connection: `flush` gets
 * the retry's query runner, and none on a first try (its statements then take any pooled one).
 */
export function liveOnRetry<I, O>(
  db: DataSource,
  flush: (items: I[], retryOn?: QueryRunner) => Promise<O[]>,
): (items: I[], retry: boolean) => Promise<O[]> {
  return (items, retry) => (retry ? withLiveConnection(db, (runner) => flush(items, runner)) : flush(items));
}
