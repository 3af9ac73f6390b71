import WebSocket from 'ws';

const TERMINAL = new Set(['confirmed', 'failed', 'cancelled', 'expired']);

/**
 * Follows a sample of orders over the WebSocket as a subscriber would through the fault: on a
 * close before the terminal event (an api killed, Redis gone) it reconnects, to the other api,
 * and the engine replays the stream from Postgres. Records the terminal status each one saw.
 */
export class WsWatch {
  readonly seen = new Map<string, string>();
  readonly seqGaps: string[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Set<string>();
  private stopped = false;
  followed = 0;

  constructor(private readonly wsBases: string[]) {}

  follow(orderId: string): void {
    this.pending.add(orderId);
    this.connect(orderId, this.followed++ % this.wsBases.length, 0);
  }

  private connect(orderId: string, api: number, tries: number): void {
    if (this.stopped) return;
    const ws = new WebSocket(`${this.wsBases[api]}/ws/orders/${orderId}`, { perMessageDeflate: false });
    this.sockets.add(ws);
    let lastSeq = 0;
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { seq?: number; status?: string };
      if (typeof msg.seq !== 'number') return;
      // Every connection replays from seq 1: each must then count up by one.
      if (msg.seq !== lastSeq + 1 && msg.seq > lastSeq) this.seqGaps.push(`${orderId}: ${lastSeq} -> ${msg.seq}`);
      lastSeq = Math.max(lastSeq, msg.seq);
      if (msg.status && TERMINAL.has(msg.status)) {
        this.seen.set(orderId, msg.status);
        this.pending.delete(orderId);
      }
    });
    ws.on('error', () => undefined); // 'close' follows
    ws.on('close', () => {
      this.sockets.delete(ws);
      if (!this.seen.has(orderId) && !this.stopped) {
        const delay = Math.min(2000, 100 * 2 ** Math.min(tries, 4));
        setTimeout(() => this.connect(orderId, (api + 1) % this.wsBases.length, tries + 1), delay);
      }
    });
  }

  /** Resolves once every followed order's terminal event arrived, or at the deadline with those missing. */
  async settle(deadlineMs: number): Promise<string[]> {
    const deadline = Date.now() + deadlineMs;
    while (this.pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return [...this.pending];
  }

  close(): void {
    this.stopped = true;
    this.sockets.forEach((ws) => ws.terminate());
    this.sockets.clear();
  }
}
