import { OverloadedError } from './overloaded.error';

/**
 * Group commit for statements that many concurrent callers issue one row at a time.
 *
 * Every `add` joins the next batch; a batch is flushed as one statement (one round trip, one
 * commit, one socket write) instead of one per caller. Nothing waits for a batch to fill: the
 * first item is flushed at the end of the event-loop turn it arrived in, and whatever arrives
 * while `maxInFlight` flushes are running waits for the first of them to finish. At low load a
 * batch is one item and costs what a direct call costs; under load batches grow by themselves,
 * and with them the round trips, commits and socket writes saved.
 *
 * A flush answers each item on its own (a value or an Error), so one item's outcome never decides
 * another's; a flush that throws fails every item of its batch with that error (or, when
 * `retryOnceWhen` accepts the error, is tried once more; when `retryItemsAloneWhen` accepts it,
 * is repeated item by item).
 */
export interface MicroBatcherOptions {
  /** Largest number of items in one flush. */
  maxBatch: number;
  /** Flushes that may run at once (each typically holds one pooled connection). */
  maxInFlight: number;
  /**
   * When a flush of several items throws an error this accepts, flush each of them alone, so that
   * one item the statement refuses fails by itself instead of taking its whole batch down with
   * it. Accept only errors that prove nothing was written (a refused row), never a lost
   * connection: the statement may have committed, and trying again would do it twice.
   */
  retryItemsAloneWhen?: (error: Error) => boolean;
  /**
   * When a flush throws an error this accepts (a lost connection), flush the same items once more,
   * with `retry` true, before failing them. The first flush may have committed: use it only when
   * the flush is idempotent with its items as given (their ids, keys and timestamps fixed by the
   * caller) and, told `retry`, reports a row the first flush wrote as written. Costs nothing when
   * nothing fails.
   */
  retryOnceWhen?: (error: Error) => boolean;
  /**
   * An error that proves the flush never reached the server (nothing of it can have run): a retry
   * that fails with it is tried again instead of failing, a few times at most.
   */
  unsentWhen?: (error: Error) => boolean;
  /**
   * Which items a group gathers before it is flushed:
   * - `io-phase` (the default): those that arrive before the event loop's next turn, so that
   *   requests read in one I/O phase (each its own callback) share a flush;
   * - `tick`: those added until the current callbacks and their promise continuations have run,
   *   for work that follows another group's outcome (a group's events published, a group's orders
   *   enqueued): every item of it arrives in that tick, and waiting a turn would only add latency.
   */
  gather?: 'io-phase' | 'tick';
  /**
   * Most items that may wait for a flush (those being flushed not counted). Past it, `add` rejects
   * at once with OverloadedError and the item is not queued: under a load the flushes cannot keep
   * up with, callers are refused instead of waiting ever longer. No bound when absent.
   */
  maxWaiting?: number;
  /** What the queue holds, to name it in OverloadedError (e.g. "order inserts"). */
  name?: string;
}

export type BatchOutcome<O> = O | Error;

/** The pause before a flush is tried once more (see `retryOnceWhen`). */
const RETRY_PAUSE_MS = 50;
/** Tries of a retry that never reached the server before it fails anyway (see `unsentWhen`). */
const MAX_UNSENT_RETRIES = 5;

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: Error) => void;
}

export class MicroBatcher<I, O> {
  private queue: Array<Pending<I, O>> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    /** `retry`: an earlier flush of (some of) these items may have committed; see `retryOnceWhen`. */
    private readonly flushBatch: (items: I[], retry: boolean) => Promise<Array<BatchOutcome<O>>>,
    private readonly opts: MicroBatcherOptions,
  ) {
    if (opts.maxBatch < 1 || opts.maxInFlight < 1) throw new Error('maxBatch and maxInFlight must be at least 1');
    if (opts.maxWaiting !== undefined && !(opts.maxWaiting >= 1)) throw new Error('maxWaiting must be at least 1');
  }

  /** Items waiting for a flush (not counting those being flushed). */
  get waiting(): number {
    return this.queue.length;
  }

  /** The item's own outcome; OverloadedError at once if `maxWaiting` items are waiting already. */
  add(item: I): Promise<O> {
    if (this.opts.maxWaiting !== undefined && this.queue.length >= this.opts.maxWaiting) {
      return Promise.reject(new OverloadedError(this.opts.name ?? 'a group-commit queue'));
    }
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.opts.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // process.nextTick scheduled from a promise continuation runs once the microtask queue has
    // drained, i.e. after every continuation of the same outcome added its item.
    const defer = this.opts.gather === 'tick' ? process.nextTick : setImmediate;
    defer(() => {
      this.scheduled = false;
      this.run();
    });
  }

  private run(): void {
    while (this.inFlight < this.opts.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async flush(batch: Array<Pending<I, O>>): Promise<void> {
    let outcomes: Array<BatchOutcome<O>>;
    const items = batch.map((p) => p.item);
    let retried = false;
    try {
      outcomes = await this.flushItems(items, false);
    } catch (err) {
      let error = asError(err);
      try {
        if (!this.opts.retryOnceWhen?.(error)) throw error;
        retried = true;
        outcomes = await this.retryFlush(items);
      } catch (again) {
        error = asError(again);
        if (batch.length === 1 || !this.opts.retryItemsAloneWhen?.(error)) {
          batch.forEach((p) => p.reject(error));
          return;
        }
        outcomes = await Promise.all(
          batch.map((p) => this.flushItems([p.item], retried).then((one) => one[0], (e: unknown) => asError(e))),
        );
      }
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome instanceof Error) p.reject(outcome);
      else p.resolve(outcome);
    });
  }

  /**
   * The one retry of `retryOnceWhen`. A try that never reached the server (`unsentWhen`: a pooled
   * connection found broken before anything was sent on it) does not count, up to a few times:
   * when a server drops all its sessions at once, the pool may hand out several dead ones before
   * it has learnt of their loss.
   */
  private async retryFlush(items: I[]): Promise<Array<BatchOutcome<O>>> {
    for (let unsent = 0; ; unsent++) {
      // A moment first, for the pool to hear of its other connections' loss.
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      try {
        return await this.flushItems(items, true);
      } catch (err) {
        if (unsent + 1 >= MAX_UNSENT_RETRIES || !this.opts.unsentWhen?.(asError(err))) throw err;
      }
    }
  }

  private async flushItems(items: I[], retry: boolean): Promise<Array<BatchOutcome<O>>> {
    const outcomes = await this.flushBatch(items, retry);
    if (outcomes.length !== items.length) {
      throw new Error(`a batch of ${items.length} was answered with ${outcomes.length} outcomes`);
    }
    return outcomes;
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
