import { OverloadedError } from '@app/common';

/**
 * Group size and groups in flight for a kind of grouped statement: a group of this size still
 * takes only a few milliseconds, so no caller waits long behind one, and four in flight hold at
 * most four pooled connections.
 */
export const STATEMENT_GROUP = { maxBatch: 200, maxInFlight: 4 };

/**
 * For work that completes or undoes a request already admitted (the mark that makes a keyed order
 * replayable, the removal of an order whose enqueue failed): when its group's queue is full, the
 * statement runs alone instead of being refused, which would leave the order half done. Such work
 * never outnumbers the requests in flight, which the admitting queues bound.
 */
export function aloneWhenOverloaded(runAlone: () => Promise<unknown>): (err: unknown) => Promise<void> {
  return async (err) => {
    if (!(err instanceof OverloadedError)) throw err;
    await runAlone();
  };
}
