import { Pool } from 'pg';
import { CarefulLoad, OrderKind, PlacedOrder } from './careful-client';
import { Cluster } from './cluster';
import { checkLedger, expectationOf, Ledger, recoverySeconds, waitSettled } from './fault-invariants';
import { WsWatch } from './ws-watch';

/**
 * One fault under load: the careful clients place orders on both apis; once the engine runs at
 * its rate (`preMs`, and a share of the orders placed), waiting limit orders are crossed, the
 * fault is injected, more are crossed when it ends; then every order settles and the invariants
 * and the recovery time are measured.
 */

export interface Scale {
  name: 'ci' | 'full';
  clients: number;
  /** Load before the fault (the rate it is measured against), and after its end (the recovery). */
  preMs: number;
  postMs: number;
  /** A bound on the orders of one fault, whatever the rate. */
  maxOrders: number;
  /**
   * After `preMs`, the load goes on until this many orders are in flight (accepted, not terminal)
   * before the fault is injected, for at most `maxPreMs` in all: the fault then cuts into them.
   */
  minInFlight: number;
  maxPreMs: number;
  wsSample: number;
  settleMs: number;
}

export const SCALES: Record<'ci' | 'full', Scale> = {
  ci: {
    name: 'ci', clients: 48, preMs: 3500, postMs: 3000, maxOrders: 8000, minInFlight: 0, maxPreMs: 3500, wsSample: 40,
    settleMs: 120_000,
  },
  full: {
    name: 'full', clients: 128, preMs: 8000, postMs: 10_000, maxOrders: 40_000, minInFlight: 5000, maxPreMs: 40_000,
    wsSample: 200, settleMs: 300_000,
  },
};

/** Of every 20 orders (the rest market): one limit met at placement, waiting limits, expiring limits. */
export const MIXES: Record<'steady' | 'waiting', OrderKind[]> = {
  steady: ['limit-met', 'limit-waiting', 'limit-expiring'],
  waiting: ['limit-met', ...Array<OrderKind>(6).fill('limit-waiting'), ...Array<OrderKind>(3).fill('limit-expiring')],
};

export interface FaultWindow {
  startedAt: number;
  endedAt: number;
  detail?: string;
}

export interface FaultContext {
  cluster: Cluster;
  /** Crosses half of the waiting limit orders accepted so far; resolves with how many it crossed. */
  cross: () => Promise<number>;
}

export interface FaultRow {
  fault: string;
  orders: number;
  /** Accepted and not terminal when the fault started. */
  inFlight: number;
  /** Accepted and not terminal at some moment of the fault (including orders accepted during it). */
  inFlightThrough: number;
  lost: number;
  twice: number;
  status500: number;
  status503: number;
  retries: number;
  replays: number;
  recoveryS: number | null;
  baselinePerS: number;
  /** Completions per second, from 5 s before the fault. */
  curve: number[];
  faultMs: number;
  ledger: Ledger;
  crossed: number;
  wsFollowed: number;
  wsMissing: string[];
  wsMismatch: string[];
  wsSeqGaps: string[];
  unsettled: number;
  answers503: Record<string, number>;
  uncoded: Array<{ status: number; body: string }>;
  bodies500: string[];
  detail?: string;
}

export interface ScenarioOptions {
  name: string;
  scale: Scale;
  cluster: Cluster;
  db: Pool;
  mix: OrderKind[];
  expiresInS: number;
  inject: (ctx: FaultContext) => Promise<FaultWindow>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The SQL the clients cannot do: move a waiting order's trigger under the market, as a market move would. */
async function crossTriggers(db: Pool, ids: string[], solPrice: number): Promise<string[]> {
  if (ids.length === 0) return [];
  const met = (solPrice * 0.5).toFixed(2);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { rows } = await db.query(
        `UPDATE orders SET trigger_price = $2::numeric, min_out_floor = floor(amount_in * $2::numeric / 1000)
          WHERE id = ANY($1::uuid[]) AND status = 'waiting' RETURNING id`,
        [ids, met],
      );
      return rows.map((r) => r.id as string);
    } catch (err) {
      // Postgres may still be coming back from the fault.
      if (Date.now() > deadline) throw err;
      await sleep(250);
    }
  }
}

async function solPrice(api: string): Promise<number> {
  const res = await fetch(`${api}/api/quotes?tokenIn=SOL&tokenOut=USDC&amountIn=1`);
  if (res.status !== 200) throw new Error(`quote: ${res.status} ${await res.text()}`);
  return Number(((await res.json()) as { outAmount: string }).outAmount);
}

/** Accepted and not terminal now (waiting orders aside): what a fault starting now cuts into. */
async function inFlightNow(db: Pool, ids: string[]): Promise<number> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM orders
      WHERE id = ANY($1) AND status IN ('pending', 'routing', 'building', 'submitted')`,
    [ids],
  );
  return rows[0].n;
}

/** Accepted and not yet terminal at some moment of the fault: every order it could hurt. */
async function inFlightDuring(db: Pool, ids: string[], window: FaultWindow): Promise<number> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM orders o
      WHERE o.id = ANY($1) AND o.created_at <= to_timestamp($3 / 1000.0)
        AND NOT EXISTS (SELECT 1 FROM order_events e
                         WHERE e.order_id = o.id AND e.status IN ('confirmed', 'failed', 'expired', 'cancelled')
                           AND e.created_at < to_timestamp($2 / 1000.0))`,
    [ids, window.startedAt, window.endedAt],
  );
  return rows[0].n;
}

/** What the subscriber saw against what Postgres holds: one line per order whose terminal status differs. */
async function wsMismatches(db: Pool, ws: WsWatch): Promise<string[]> {
  const { rows } = await db.query('SELECT id, status FROM orders WHERE id = ANY($1)', [[...ws.seen.keys()]]);
  return rows
    .filter((r) => ws.seen.get(r.id) !== r.status)
    .map((r) => `${r.id}: ws ${ws.seen.get(r.id)}, sql ${r.status}`);
}

function loadFor(opts: ScenarioOptions, ws: WsWatch): CarefulLoad {
  const { scale, cluster } = opts;
  // About one in 20 market orders is followed over the WebSocket, up to the sample's size.
  let acceptedMarket = 0;
  return new CarefulLoad({
    apis: cluster.apiUrls, orders: scale.maxOrders, clients: scale.clients, mix: opts.mix, expiresInS: opts.expiresInS,
    requestTimeoutMs: 5000, giveUpMs: 120_000,
    onAccepted: (o: PlacedOrder) => {
      if (o.kind === 'market' && acceptedMarket++ % 20 === 0 && ws.followed < scale.wsSample) ws.follow(o.id!);
    },
  });
}

export async function runScenario(opts: ScenarioOptions): Promise<FaultRow> {
  const { scale, cluster, db } = opts;
  await cluster.startAll();
  const price = await solPrice(cluster.apiUrls[0]);
  const ws = new WsWatch(cluster.apiUrls.map((u) => u.replace('http', 'ws')));
  const load = loadFor(opts, ws);
  const crossed = new Set<string>();
  const cross = async () => {
    const candidates = load.placed.filter((p) => p.kind === 'limit-waiting' && p.id && !crossed.has(p.id));
    const done = await crossTriggers(db, candidates.filter((_, i) => i % 2 === 0).map((p) => p.id!), price);
    done.forEach((id) => crossed.add(id));
    return done.length;
  };
  const accepted = () => load.placed.filter((p) => p.id).map((p) => p.id!);
  const running = load.run();
  try {
    const loadStarted = Date.now();
    await sleep(scale.preMs);
    while ((await inFlightNow(db, accepted())) < scale.minInFlight && Date.now() - loadStarted < scale.maxPreMs) {
      await sleep(250);
    }
    await cross();
    const inFlight = await inFlightNow(db, accepted());
    const window = await opts.inject({ cluster, cross });
    await cross();
    await sleep(scale.postMs);
    load.stop();
    await running;
    const exp = expectationOf(load.placed, crossed);
    const unsettled = await waitSettled(db, exp, scale.settleMs);
    const wsMissing = await ws.settle(30_000);
    const ledger = await checkLedger(db, load.placed, exp);
    const recovery = await recoverySeconds(db, accepted(), window);
    const { tally } = load;
    return {
      fault: opts.name, orders: accepted().length, inFlight,
      inFlightThrough: await inFlightDuring(db, accepted(), window),
      lost: ledger.lost, twice: ledger.twice, status500: tally.status500.length,
      status503: Object.values(tally.status503).reduce((a, b) => a + b, 0),
      retries: tally.retries, replays: tally.replays,
      recoveryS: recovery.recoveryS, baselinePerS: recovery.baselinePerS, curve: recovery.curve,
      faultMs: window.endedAt - window.startedAt, ledger, crossed: crossed.size, wsFollowed: ws.followed, wsMissing,
      wsMismatch: await wsMismatches(db, ws), wsSeqGaps: ws.seqGaps, unsettled, answers503: tally.status503,
      uncoded: tally.uncoded, bodies500: tally.status500.slice(0, 5).map((b) => b.body), detail: window.detail,
    };
  } finally {
    load.stop();
    await running;
    ws.close();
    // The next fault starts clean: what still waits is cancelled (its checks are done).
    await fetch(`${cluster.apiUrls[1]}/api/orders/cancel`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    }).catch(() => undefined);
  }
}

/** A short load before the first fault; every order placed once (a fault's own checks come later). */
export async function warmUp(cluster: Cluster, orders = 600): Promise<void> {
  const load = new CarefulLoad({
    apis: cluster.apiUrls, orders, clients: 16, mix: [], expiresInS: 0, requestTimeoutMs: 10_000, giveUpMs: 30_000,
  });
  await load.run();
  if (load.tally.accepted < orders) throw new Error(`warm-up: ${load.tally.accepted} of ${orders} orders accepted`);
  await sleep(2000);
}

/** The run's table: one line per fault. */
export function formatTable(rows: FaultRow[]): string {
  const head = ['fault', 'orders', 'in flight at start', 'in flight during', 'lost', 'twice', '500s', '503s seen',
    'retries', 'recovery s'];
  const lines = rows.map((r) => [
    r.fault,
    ...[r.orders, r.inFlight, r.inFlightThrough, r.lost, r.twice, r.status500, r.status503, r.retries].map(String),
    r.recoveryS === null ? 'drained' : r.recoveryS.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const pad = (c: string, i: number) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]));
  const fmt = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 2)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [fmt(head), rule, ...lines.map(fmt)].join('\n');
}
