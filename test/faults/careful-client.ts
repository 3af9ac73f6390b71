import http from 'node:http';
import { randomUUID } from 'node:crypto';

/**
 * Clients that place orders as a careful client of the engine would: each order carries an
 * `Idempotency-Key`; a network error, a timeout or a 503 is retried (after `Retry-After`, or a
 * bounded exponential backoff with jitter) against the other api; a 202, first or replayed, ends
 * it, and so does any other answer (a 4xx is the client's own mistake). Every answer is recorded
 * for the invariants: a 500 is never acceptable, a 503 must carry a code.
 */

export type OrderKind = 'market' | 'limit-met' | 'limit-waiting' | 'limit-expiring';

export interface PlacedOrder {
  key: string;
  kind: OrderKind;
  /** The order id of the first 202; null if no 202 came. */
  id: string | null;
  /** Client time of the first 202. */
  acceptedAt: number | null;
  attempts: number;
  /** A later 202 for the same key that named another order: an idempotency violation. */
  otherIds: string[];
  replayed: boolean;
  finalStatus: number | null;
}

export interface AnswerTally {
  accepted: number;
  replays: number;
  retries: number;
  networkErrors: number;
  timeouts: number;
  status500: Array<{ body: string }>;
  status503: Record<string, number>;
  uncoded: Array<{ status: number; body: string }>;
  client4xx: Record<string, number>;
}

export interface LoadOptions {
  apis: string[];
  orders: number;
  clients: number;
  /** The kinds of the first orders of every 20 (the rest are market orders). */
  mix: OrderKind[];
  expiresInS: number;
  requestTimeoutMs: number;
  /** A client gives up an order after this long without an answer that ends it. */
  giveUpMs: number;
  onAccepted?: (order: PlacedOrder) => void;
}

interface Answer {
  status: number;
  body: string;
  replayed: boolean;
  retryAfterS: number | null;
}

const MAX_BACKOFF_MS = 2000;
const MAX_RETRY_AFTER_MS = 5000;

function kindOf(i: number, mix: OrderKind[]): OrderKind {
  return mix[i % 20] ?? 'market';
}

function bodyOf(kind: OrderKind, i: number, expiresInS: number): Record<string, unknown> {
  // Small, distinct amounts: the simulated pools barely move, so every market order fills.
  const amountIn = `0.${String(1000 + (i % 9000)).padStart(4, '0')}`;
  const base = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn, slippage: 0.05 };
  switch (kind) {
    case 'market':
      return base;
    case 'limit-met':
      return { ...base, type: 'limit', triggerPrice: '1' };
    case 'limit-waiting':
      return { ...base, type: 'limit', triggerPrice: '1000000' };
    case 'limit-expiring':
      return { ...base, type: 'limit', triggerPrice: '1000000', expiresIn: expiresInS };
  }
}

export class CarefulLoad {
  readonly placed: PlacedOrder[] = [];
  readonly tally: AnswerTally = {
    accepted: 0, replays: 0, retries: 0, networkErrors: 0, timeouts: 0,
    status500: [], status503: {}, uncoded: [], client4xx: {},
  };
  private readonly agents: http.Agent[];
  private next = 0;
  private stopped = false;

  constructor(private readonly opts: LoadOptions) {
    this.agents = opts.apis.map(() => new http.Agent({ keepAlive: true, maxSockets: opts.clients }));
  }

  get started(): number {
    return this.next;
  }

  /** Resolves once every order was placed, given up or the load was stopped. */
  async run(): Promise<void> {
    await Promise.all(Array.from({ length: this.opts.clients }, (_, c) => this.client(c)));
    this.agents.forEach((a) => a.destroy());
  }

  stop(): void {
    this.stopped = true;
  }

  private async client(c: number): Promise<void> {
    while (!this.stopped && this.next < this.opts.orders) {
      const i = this.next++;
      await this.place(i, c % this.opts.apis.length);
    }
  }

  private async place(i: number, firstApi: number): Promise<void> {
    const kind = kindOf(i, this.opts.mix);
    const order: PlacedOrder = {
      key: `faults-${randomUUID()}`, kind, id: null, acceptedAt: null, attempts: 0, otherIds: [],
      replayed: false, finalStatus: null,
    };
    this.placed.push(order);
    const payload = JSON.stringify(bodyOf(kind, i, this.opts.expiresInS));
    const giveUpAt = Date.now() + this.opts.giveUpMs;
    let api = firstApi;
    for (;;) {
      order.attempts++;
      if (order.attempts > 1) this.tally.retries++;
      const answer = await this.post(api, order.key, payload);
      let waitMs = Math.min(MAX_BACKOFF_MS, 50 * 2 ** Math.min(order.attempts, 6)) * (0.5 + Math.random() / 2);
      if (answer.status === 202) {
        this.accepted(order, answer.body, answer.replayed);
        return;
      }
      if (answer.status === 503) {
        const code = codeOf(answer.body);
        if (!code) this.tally.uncoded.push({ status: 503, body: answer.body.slice(0, 300) });
        this.tally.status503[code ?? '(none)'] = (this.tally.status503[code ?? '(none)'] ?? 0) + 1;
        if (answer.retryAfterS !== null) {
          waitMs = Math.max(waitMs, Math.min(MAX_RETRY_AFTER_MS, answer.retryAfterS * 1000));
        }
      } else if (answer.status >= 500) {
        // Never acceptable; recorded, and retried as a careful client would (the key makes it safe).
        this.tally.status500.push({ body: answer.body.slice(0, 500) });
      } else if (answer.status > 0) {
        const code = codeOf(answer.body);
        if (!code) this.tally.uncoded.push({ status: answer.status, body: answer.body.slice(0, 300) });
        this.tally.client4xx[`${answer.status} ${code}`] = (this.tally.client4xx[`${answer.status} ${code}`] ?? 0) + 1;
        order.finalStatus = answer.status;
        return;
      }
      if (this.stopped || Date.now() + waitMs > giveUpAt) return;
      await new Promise((r) => setTimeout(r, waitMs));
      api = (api + 1) % this.opts.apis.length;
    }
  }

  private accepted(order: PlacedOrder, body: string, replayed: boolean): void {
    const id = (JSON.parse(body) as { orderId: string }).orderId;
    this.tally.accepted++;
    if (replayed) this.tally.replays++;
    order.replayed ||= replayed;
    order.finalStatus = 202;
    if (order.id === null) {
      order.id = id;
      order.acceptedAt = Date.now();
      this.opts.onAccepted?.(order);
    } else if (order.id !== id) {
      order.otherIds.push(id);
    }
  }

  /** One POST; status 0 for a network error or a timeout (counted apart). */
  private post(api: number, key: string, payload: string): Promise<Answer> {
    return new Promise((resolve) => {
      const req = http.request(`${this.opts.apis[api]}/api/orders/execute`, {
        method: 'POST',
        agent: this.agents[api],
        timeout: this.opts.requestTimeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'idempotency-key': key,
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => {
          this.tally.networkErrors++;
          resolve({ status: 0, body: '', replayed: false, retryAfterS: null });
        });
        res.on('end', () => {
          const retryAfter = Number(res.headers['retry-after']);
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            replayed: res.headers['idempotent-replayed'] === 'true',
            retryAfterS: Number.isFinite(retryAfter) && res.headers['retry-after'] !== undefined ? retryAfter : null,
          });
        });
      });
      let timedOut = false;
      req.on('timeout', () => {
        timedOut = true;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        if (timedOut) this.tally.timeouts++;
        else this.tally.networkErrors++;
        resolve({ status: 0, body: '', replayed: false, retryAfterS: null });
      });
      req.end(payload);
    });
  }
}

function codeOf(body: string): string | null {
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    return typeof code === 'string' && code.length > 0 ? code : null;
  } catch {
    return null;
  }
}
