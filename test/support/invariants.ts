import { Client } from 'pg';

/** Polls Postgres until every order is confirmed or failed; rejects with the stragglers at the deadline. */
export async function waitAllTerminal(db: Client, ids: string[], deadlineMs = 60_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    const { rows } = await db.query(
      `SELECT id, status FROM orders WHERE id = ANY($1) AND status NOT IN ('confirmed', 'failed')`,
      [ids],
    );
    if (rows.length === 0) return;
    if (Date.now() - start > deadlineMs) {
      throw new Error(`not terminal after ${deadlineMs} ms: ${JSON.stringify(rows.slice(0, 10))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls until `sql` (which must return one row with a boolean `ok`) holds. */
export async function waitUntil(db: Client, sql: string, params: unknown[], deadlineMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await db.query(sql, params)).rows[0]?.ok) {
    if (Date.now() - start > deadlineMs) throw new Error(`condition not met in ${deadlineMs} ms: ${sql}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Ledger {
  confirmed: number;
  failed: number;
}

/**
 * The promises every fault test ends on, checked in SQL: each order is in exactly one terminal
 * state with exactly one terminal event, its event seqs run 1..n without gaps, its stored status
 * is its last event's, and no transaction signature belongs to two orders.
 */
export async function checkInvariants(db: Client, ids: string[]): Promise<Ledger> {
  const orders = await db.query(
    `SELECT o.id, o.status, o.last_seq,
            (SELECT count(*)::int FROM order_events e WHERE e.order_id = o.id) AS events,
            (SELECT max(seq) FROM order_events e WHERE e.order_id = o.id) AS max_seq,
            (SELECT count(*)::int FROM order_events e
              WHERE e.order_id = o.id AND e.status IN ('confirmed', 'failed')) AS terminal_events,
            (SELECT e.status FROM order_events e WHERE e.order_id = o.id ORDER BY seq DESC LIMIT 1) AS last_status
       FROM orders o WHERE o.id = ANY($1)`,
    [ids],
  );
  if (orders.rows.length !== ids.length) throw new Error(`${ids.length - orders.rows.length} orders are missing`);
  for (const o of orders.rows) {
    const problems = [
      !['confirmed', 'failed'].includes(o.status) && `status ${o.status}`,
      o.terminal_events !== 1 && `${o.terminal_events} terminal events`,
      (o.events !== o.max_seq || o.events !== o.last_seq) && `seqs not 1..n (${o.events} events, max ${o.max_seq})`,
      o.last_status !== o.status && `last event ${o.last_status} but status ${o.status}`,
    ].filter(Boolean);
    if (problems.length > 0) throw new Error(`order ${o.id}: ${problems.join(', ')}`);
  }
  // A signature is submitted once per attempt; the same one under two orders would be a double spend.
  const shared = await db.query(
    `SELECT details->>'txHash' AS tx, count(DISTINCT order_id)::int AS orders FROM order_events
      WHERE order_id = ANY($1) AND status = 'submitted' GROUP BY 1 HAVING count(DISTINCT order_id) > 1`,
    [ids],
  );
  if (shared.rows.length > 0) throw new Error(`signatures used by two orders: ${JSON.stringify(shared.rows)}`);
  // Exactly once per attempt: a confirmed order confirmed one signature, the one it submitted.
  const confirmedTwice = await db.query(
    `SELECT order_id FROM order_events WHERE order_id = ANY($1) AND status = 'confirmed'
      GROUP BY order_id HAVING count(DISTINCT details->>'txHash') > 1`,
    [ids],
  );
  if (confirmedTwice.rows.length > 0) throw new Error(`confirmed twice: ${JSON.stringify(confirmedTwice.rows)}`);
  const statuses = orders.rows.map((o) => o.status as string);
  return {
    confirmed: statuses.filter((s) => s === 'confirmed').length,
    failed: statuses.filter((s) => s === 'failed').length,
  };
}
