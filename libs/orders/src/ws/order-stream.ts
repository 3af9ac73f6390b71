import type { WebSocket } from 'ws';
import { isTerminal } from '../domain/order-status';
import { OrderEventMessage } from '../domain/order-view';

/**
 * The engine's own close codes: 1000 after the terminal event, 4400 malformed order id, 4404
 * unknown order, 4408 client too slow to read, 4429 client sends too much (frames or bytes).
 */
/** `unavailable` is RFC 6455's 1013 "try again later": Postgres or Redis did not answer; reconnect shortly. */
export const WS_CLOSE = {
  finished: 1000,
  unavailable: 1013,
  badRequest: 4400,
  notFound: 4404,
  tooSlow: 4408,
  tooMuch: 4429,
} as const;

/** A socket that has this much unsent data is not reading; it is dropped rather than buffered. */
export const WS_MAX_BUFFERED_BYTES = 1 << 20;

export type LoadEvents = (afterSeq: number) => Promise<OrderEventMessage[]>;

/**
 * One client's view of one order: the stored history first, then live events, each seq exactly
 * once and in order. Live events that arrive during the replay wait in a buffer; an event that
 * skips a seq (a lost publish) triggers a catch-up read from Postgres, the source of truth.
 */
export class OrderStream {
  private lastSeq = 0;
  private replaying = true;
  private pending: OrderEventMessage[] = [];
  private catchUpRun: Promise<void> = Promise.resolve();
  private done = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly load: LoadEvents,
    /** Told when a catch-up read failed; the next heartbeat's catch-up tries again. */
    private readonly onCatchUpError: (err: Error) => void = () => undefined,
  ) {}

  get finished(): boolean {
    return this.done;
  }

  /** Sends the history; resolves false when the order has none (it does not exist). */
  async replay(): Promise<boolean> {
    const history = await this.load(0);
    if (history.length === 0) return false;
    for (const event of history) this.deliver(event);
    this.replaying = false;
    const buffered = this.pending.sort((a, b) => a.seq - b.seq);
    this.pending = [];
    for (const event of buffered) this.onLive(event);
    return true;
  }

  onLive(event: OrderEventMessage): void {
    if (this.done || event.seq <= this.lastSeq) return;
    if (this.replaying) {
      this.pending.push(event);
    } else if (event.seq === this.lastSeq + 1) {
      this.deliver(event);
    } else {
      void this.catchUp();
    }
  }

  /**
   * Reads whatever Postgres has past the last seq sent; runs one at a time. Never rejects: it is
   * started from places that do not wait for it (a live event after a gap, the heartbeat), and a
   * failed read must not stop the ones after it.
   */
  catchUp(): Promise<void> {
    this.catchUpRun = this.catchUpRun
      .then(async () => {
        if (this.done) return;
        for (const event of await this.load(this.lastSeq)) this.deliver(event);
      })
      .catch((err: unknown) => this.onCatchUpError(err instanceof Error ? err : new Error(String(err))));
    return this.catchUpRun;
  }

  private deliver(event: OrderEventMessage): void {
    if (this.done || event.seq !== this.lastSeq + 1) return;
    if (this.socket.bufferedAmount > WS_MAX_BUFFERED_BYTES) {
      this.done = true;
      this.socket.close(WS_CLOSE.tooSlow, 'client too slow');
      return;
    }
    this.socket.send(JSON.stringify(event));
    this.lastSeq = event.seq;
    if (isTerminal(event.status)) {
      this.done = true;
      this.socket.close(WS_CLOSE.finished, `order ${event.status}`);
    }
  }
}
