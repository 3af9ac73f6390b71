import { Pool } from 'pg';
import { PlacedOrder } from './careful-client';

/**
 * What every fault must leave behind, checked in SQL once the orders have settled: each accepted
 * order exists (no 202 lost) and is where it must be (terminal exactly once, or still legitimately
 * waiting, or expired), its events run 1..n, and no transaction was sent twice.
 */

const TERMINAL = ['confirmed', 'failed', 'cancelled', 'expired'];

export interface Expectation {
  /** Accepted orders that must end terminal (market, met at placement, crossed during the fault). */
  terminal: string[];
  /** Limit orders never crossed and without expiry: they must still wait. */
  waiting: string[];
  /** Limit orders never crossed that expire during the test. */
  expiring: string[];
}

export function expectationOf(placed: PlacedOrder[], crossed: Set<string>): Expectation {
  const accepted = placed.filter((p) => p.id !== null);
  const id = (p: PlacedOrder) => p.id!;
  return {
    terminal: accepted.filter((p) => p.kind === 'market' || p.kind === 'limit-met' || crossed.has(p.id!)).map(id),
    waiting: accepted.filter((p) => p.kind === 'limit-waiting' && !crossed.has(p.id!)).map(id),
    expiring: accepted.filter((p) => p.kind === 'limit-expiring').map(id),
  };
}

/** Polls until the orders are where they must end; returns how many still are not at the deadline. */
export async function waitSettled(db: Pool, exp: Expectation, deadlineMs: number): Promise<number> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM orders WHERE id = ANY($1) AND status <> ALL($3))::int
            + (SELECT count(*) FROM orders WHERE id = ANY($2) AND status <> 'expired')::int AS open`,
      [exp.terminal, exp.expiring, TERMINAL],
    );
    if (rows[0].open === 0 || Date.now() > deadline) return rows[0].open;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface Ledger {
  confirmed: number;
  failed: number;
  expired: number;
  waiting: number;
  lost: number;
  twice: number;
  failures: Record<string, number>;
  violations: string[];
}

export async function checkLedger(db: Pool, placed: PlacedOrder[], exp: Expectation): Promise<Ledger> {
  const ids = placed.filter((p) => p.id !== null).map((p) => p.id!);
  const { rows } = await db.query(
    `SELECT o.id, o.status, o.last_seq, o.error_code,
            count(e.seq)::int AS events, coalesce(max(e.seq), 0)::int AS max_seq, count(DISTINCT e.seq)::int AS seqs,
            count(*) FILTER (WHERE e.status = ANY($2))::int AS terminal_events,
            count(DISTINCT e.details->>'txHash') FILTER (WHERE e.status = 'submitted')::int AS signatures,
            count(*) FILTER (WHERE e.status = 'confirmed')::int AS landings,
            (array_agg(e.status ORDER BY e.seq DESC))[1] AS last_status
       FROM orders o LEFT JOIN order_events e ON e.order_id = o.id
      WHERE o.id = ANY($1) GROUP BY o.id`,
    [ids, TERMINAL],
  );
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const violations: string[] = [];
  const flag = (what: string) => violations.length < 50 && violations.push(what);
  const lost = ids.filter((id) => !byId.has(id));
  lost.forEach((id) => flag(`order ${id} was answered 202 but does not exist`));
  const twice = new Set<string>();
  for (const r of rows) {
    if (r.terminal_events > 1 || r.landings > 1 || (r.status === 'confirmed' && r.signatures !== 1)) {
      twice.add(r.id);
      flag(`order ${r.id}: ${r.terminal_events} terminal events, ${r.landings} landings, ${r.signatures} signatures`);
    }
    if (r.events !== r.max_seq || r.seqs !== r.events || r.events !== r.last_seq) {
      flag(`order ${r.id}: seqs not 1..n (${r.events} events, ${r.seqs} distinct, max ${r.max_seq})`);
    }
    if (r.last_status !== r.status) flag(`order ${r.id}: last event ${r.last_status} but status ${r.status}`);
    if (TERMINAL.includes(r.status) && r.terminal_events !== 1) flag(`order ${r.id}: ${r.status}, no terminal event`);
  }
  const statusOf = (id: string) => byId.get(id)?.status as string | undefined;
  const mustBe = (ids: string[], ok: (status: string) => boolean, what: string) =>
    ids.filter((id) => !ok(statusOf(id) ?? '')).forEach((id) => flag(`order ${id} should ${what}, is ${statusOf(id)}`));
  mustBe(exp.terminal, (s) => TERMINAL.includes(s), 'be terminal');
  mustBe(exp.waiting, (s) => s === 'waiting', 'still wait (a limit never crossed)');
  mustBe(exp.expiring, (s) => s === 'expired', 'have expired');
  // A signature under two orders would be one transaction executed for both.
  const shared = await db.query(
    `SELECT details->>'txHash' AS tx FROM order_events WHERE order_id = ANY($1) AND status = 'submitted'
      GROUP BY 1 HAVING count(DISTINCT order_id) > 1 LIMIT 10`,
    [ids],
  );
  shared.rows.forEach((r) => flag(`signature ${r.tx} belongs to two orders`));
  // An idempotent retry must return the original order, and the key must hold one order only.
  for (const p of placed) {
    if (p.otherIds.length > 0) flag(`key ${p.key}: 202 for ${p.id} and then for ${p.otherIds.join(', ')}`);
  }
  const keys = await db.query(
    `SELECT idempotency_key, count(*)::int AS n FROM orders
      WHERE idempotency_key = ANY($1) GROUP BY 1 HAVING count(*) > 1`,
    [placed.map((p) => p.key)],
  );
  keys.rows.forEach((r) => flag(`key ${r.idempotency_key} holds ${r.n} orders`));
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  const failures: Record<string, number> = {};
  for (const r of rows) if (r.status === 'failed') failures[r.error_code] = (failures[r.error_code] ?? 0) + 1;
  return {
    confirmed: count('confirmed'), failed: count('failed'), expired: count('expired'), waiting: count('waiting'),
    lost: lost.length, twice: twice.size + keys.rows.length, failures, violations,
  };
}

/**
 * Seconds from the fault's end until orders complete again at 90% of their rate before it: the
 * start of the first 2 s window after the end holding that many completions (completions come in
 * bursts on a busy machine: a shorter window measures the bursts). The rate before is the
 * completions in the `baselineMs` before the fault. Null if the load ended first.
 */
export async function recoverySeconds(
  db: Pool,
  ids: string[],
  fault: { startedAt: number; endedAt: number },
  baselineMs = 3000,
): Promise<{ baselinePerS: number; recoveryS: number | null; curve: number[] }> {
  const { rows } = await db.query(
    `SELECT (extract(epoch FROM created_at) * 1000)::float8 AS t FROM order_events
      WHERE order_id = ANY($1) AND status IN ('confirmed', 'failed') ORDER BY 1`,
    [ids],
  );
  const times = rows.map((r) => Number(r.t));
  const within = (from: number, to: number) => times.filter((t) => t >= from && t < to).length;
  const baselinePerS = (within(fault.startedAt - baselineMs, fault.startedAt) * 1000) / baselineMs;
  const last = times[times.length - 1] ?? 0;
  // Completions per second from the fault's start - 5 s: the shape behind the number.
  const curve = Array.from({ length: Math.max(0, Math.ceil((last - fault.startedAt + 5000) / 1000)) }, (_, i) =>
    within(fault.startedAt - 5000 + i * 1000, fault.startedAt - 4000 + i * 1000));
  for (let t = fault.endedAt; t + 2000 <= last + 1; t += 50) {
    if (within(t, t + 2000) / 2 >= 0.9 * baselinePerS) {
      return { baselinePerS, recoveryS: Math.max(0, t - fault.endedAt) / 1000, curve };
    }
  }
  return { baselinePerS, recoveryS: null, curve };
}
