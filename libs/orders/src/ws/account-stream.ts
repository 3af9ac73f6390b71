import type { WebSocket } from 'ws';
import { isTerminal } from '../domain/order-status';
import { OrderEventMessage } from '../domain/order-view';
import { WS_CLOSE, WS_MAX_BUFFERED_BYTES } from './order-stream';

/** Loads an order's stored events after a seq (Postgres, the source of truth). */
export type LoadOrderEvents = (orderId: string, afterSeq: number) => Promise<OrderEventMessage[]>;

/** Orders a firehose keeps a cursor for; past this the least recently started is forgotten. */
export const ACCOUNT_STREAM_MAX_ORDERS = 10_000;

/** Unfinished orders a heartbeat reads back from Postgres at most, the quietest first. */
export const ACCOUNT_STREAM_CATCH_UP_PER_BEAT = 50;

interface Cursor {
  lastSeq: number;
  /** The order reached a terminal status: nothing more will come. */
  finished?: boolean;
  /** Whether an event was sent since the last heartbeat. */
  active?: boolean;
  /** Catch-up reads of this order, one at a time. */
  run?: Promise<void>;
}

/**
 * One client's firehose (WS /ws/orders): the live events of every order of its account, in the
 * format of the per-order stream. Per order, each seq goes out once and in order: an event that
 * skips a seq (a publish lost, or the order's first events went out before the account was
 * watched) makes it read the missing ones from Postgres first. So an order the client first sees
 * mid-way arrives with its whole history. A finished order keeps its cursor (so that a late
 * copy of an event is not taken for a new order) until ACCOUNT_STREAM_MAX_ORDERS newer orders
 * push it out. The socket stays open: the firehose has no end.
 */
export class AccountStream {
  private readonly cursors = new Map<string, Cursor>();
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly load: LoadOrderEvents,
    /** Told when a catch-up read failed; the order's next event tries again. */
    private readonly onCatchUpError: (err: Error) => void = () => undefined,
  ) {}

  /** Orders with a cursor now (for tests). */
  get tracked(): number {
    return this.cursors.size;
  }

  onLive(event: OrderEventMessage): void {
    if (this.closed || typeof event.orderId !== 'string') return;
    let cursor = this.cursors.get(event.orderId);
    if (!cursor) {
      cursor = { lastSeq: 0 };
      this.track(event.orderId, cursor);
    }
    if (event.seq <= cursor.lastSeq) return;
    if (event.seq === cursor.lastSeq + 1 && !cursor.run) this.deliver(event.orderId, cursor, event);
    else void this.catchUp(event.orderId, cursor);
  }

  /** Reads what Postgres has past the cursor; never rejects (nobody awaits it but tests). */
  catchUp(orderId: string, cursor = this.cursors.get(orderId)): Promise<void> {
    if (!cursor) return Promise.resolve();
    const run = (cursor.run ?? Promise.resolve())
      .then(async () => {
        if (this.closed || this.cursors.get(orderId) !== cursor) return;
        for (const event of await this.load(orderId, cursor.lastSeq)) this.deliver(orderId, cursor, event);
      })
      .catch((err: unknown) => this.onCatchUpError(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        if (cursor.run === run) cursor.run = undefined;
      });
    cursor.run = run;
    return run;
  }

  /**
   * On the heartbeat: reads back the unfinished orders that were quiet since the last one (at
   * most ACCOUNT_STREAM_CATCH_UP_PER_BEAT), so that a lost publish of an order's last events is
   * filled even though no later event of that order comes to reveal the gap.
   */
  catchUpQuiet(): Promise<void> {
    const runs: Array<Promise<void>> = [];
    for (const [orderId, cursor] of this.cursors) {
      if (cursor.finished) continue;
      if (cursor.active) {
        cursor.active = false;
        continue;
      }
      if (runs.length < ACCOUNT_STREAM_CATCH_UP_PER_BEAT) runs.push(this.catchUp(orderId, cursor));
    }
    return Promise.all(runs).then(() => undefined);
  }

  private track(orderId: string, cursor: Cursor): void {
    if (this.cursors.size >= ACCOUNT_STREAM_MAX_ORDERS) {
      const oldest = this.cursors.keys().next().value;
      if (oldest !== undefined) this.cursors.delete(oldest);
    }
    this.cursors.set(orderId, cursor);
  }

  private deliver(_orderId: string, cursor: Cursor, event: OrderEventMessage): void {
    if (this.closed || event.seq !== cursor.lastSeq + 1) return;
    if (this.socket.bufferedAmount > WS_MAX_BUFFERED_BYTES) {
      this.closed = true;
      this.socket.close(WS_CLOSE.tooSlow, 'client too slow');
      return;
    }
    this.socket.send(JSON.stringify(event));
    cursor.lastSeq = event.seq;
    cursor.active = true;
    if (isTerminal(event.status)) cursor.finished = true;
  }
}
