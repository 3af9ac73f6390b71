/**
 * The load generator: submits orders at a fixed rate or as fast as the api accepts them, follows
 * them to their terminal event, and waits (bounded) for the stragglers.
 */
import { BenchOptions } from './cli';
import { CompletionPoller } from './completion-poller';
import { LoadState } from './load-state';
import { OrderTrack, follow, request } from './order-client';
import { Progress } from './progress';

/** The flags the load itself uses, and the api processes to spread it over. */
export type LoadOptions = Pick<
  BenchOptions,
  'rate' | 'concurrency' | 'orders' | 'durationS' | 'follow' | 'sampleEvery' | 'lostAfterS' | 'databaseUrl'
> & { apiUrls: string[] };

// Varied pairs and sizes so routing takes its different paths (single, split, two-hop).
const MIX = [
  { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1.5', slippage: 0.01 },
  { tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '250', slippage: 0.02 },
  { tokenIn: 'USDC', tokenOut: 'USDT', amountIn: '1000', slippage: 0.005 },
  { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '40', slippage: 0.01 },
  { tokenIn: 'SOL', tokenOut: 'USDT', amountIn: '2', slippage: 0.01 },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class LoadRun {
  readonly state = new LoadState();
  private readonly poller: CompletionPoller | null;
  private readonly wsUrls: string[];
  private startWall = 0;

  constructor(private readonly o: LoadOptions, private readonly progress: Progress) {
    progress.state = this.state;
    this.wsUrls = o.apiUrls.map((u) => u.replace(/^http/, 'ws'));
    this.poller = o.follow === 'sample' ? new CompletionPoller(o.databaseUrl, () => this.state.terminal++) : null;
  }

  private more(): boolean {
    if (this.o.orders !== null) return this.state.submitted < this.o.orders;
    return Date.now() < this.startWall + (this.o.durationS ?? 0) * 1000;
  }

  private async submitOne(): Promise<void> {
    const s = this.state;
    const n = s.submitted++;
    const api = n % this.o.apiUrls.length;
    const submitWall = Date.now();
    s.firstSubmitWall ??= submitWall;
    s.lastSubmitWall = submitWall;
    s.inflight++;
    try {
      const res = await request(this.o.apiUrls[api], 'POST', '/api/orders/execute', MIX[n % MIX.length], this.o.concurrency);
      if (res.status !== 202) {
        s.rejected[String(res.status)] = (s.rejected[String(res.status)] ?? 0) + 1;
        return;
      }
      const now = Date.now();
      s.accepted++;
      s.lastAcceptWall = now;
      const followed = this.o.follow === 'all' || n % this.o.sampleEvery === 0;
      const id = (JSON.parse(res.body) as { orderId: string }).orderId;
      const track: OrderTrack = {
        id, api, submitWall, followed, at: { pending: now - submitWall }, terminal: null, terminalWall: null, wsOpenMs: null, deliveryLagMs: null,
      };
      s.tracks.push(track);
      if (followed) follow(this.wsUrls[api], track, (d) => (s.openSockets += d), () => s.terminal++);
      else this.poller?.add(track);
    } catch (err) {
      const key = `error: ${(err as Error).message.slice(0, 60)}`;
      s.rejected[key] = (s.rejected[key] ?? 0) + 1;
    } finally {
      s.inflight--;
    }
  }

  /** Closed loop: C lanes, each submitting the next order as soon as its previous one is answered. */
  private async submitMax(): Promise<void> {
    const lane = async () => {
      while (this.more()) await this.submitOne();
    };
    await Promise.all(Array.from({ length: this.o.concurrency }, lane));
  }

  /**
   * Open loop at a fixed rate, still capped at C requests in flight so a stalled api cannot make
   * the client pile up unbounded requests; the report shows the rate actually reached.
   */
  private async submitAtRate(rate: number): Promise<void> {
    const t0 = Date.now();
    let launched = 0;
    const pending = new Set<Promise<void>>();
    while (this.more()) {
      const due = Math.floor(((Date.now() - t0) * rate) / 1000) + 1 - launched;
      for (let i = 0; i < due && this.state.inflight < this.o.concurrency && this.more(); i++) {
        launched++;
        const p = this.submitOne().finally(() => pending.delete(p));
        pending.add(p);
      }
      await sleep(Math.max(1, Math.min(10, 1000 / rate)));
    }
    await Promise.all(pending);
  }

  async run(): Promise<void> {
    this.startWall = Date.now();
    this.progress.start();
    const polling = this.pollLoop();
    try {
      await (this.o.rate === 'max' ? this.submitMax() : this.submitAtRate(this.o.rate));
      await this.waitForTerminal();
    } finally {
      this.stopPolling = true;
      await polling;
      this.progress.stop();
      await this.poller?.close();
    }
  }

  private stopPolling = false;
  private async pollLoop(): Promise<void> {
    while (!this.stopPolling) {
      await this.poller?.poll().catch(() => undefined); // a failed round is retried on the next tick
      await sleep(500);
    }
    await this.poller?.poll().catch(() => undefined);
  }

  /** Waits until every accepted order is terminal, or lostAfterS past the last submission. */
  private async waitForTerminal(): Promise<void> {
    const deadline = (this.state.lastSubmitWall ?? Date.now()) + this.o.lostAfterS * 1000;
    while (this.state.terminal < this.state.accepted && Date.now() < deadline) await sleep(100);
  }
}
