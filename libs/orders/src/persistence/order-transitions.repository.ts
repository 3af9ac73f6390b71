import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { LOST_CONNECTION_RETRY, MicroBatcher } from '@app/common';
import { edgeConfig, EdgeConfig } from '@app/config';
import { isRowLevelError, liveOnRetry } from '@app/database';
import { OrderStatus, SQL_NOT_TERMINAL } from '../domain/order-status';
import { STATEMENT_GROUP } from './statement-group';

/** Columns a status change may write, beside status, attempt and the event counter. */
export interface OrderPatch {
  venue?: string | null;
  route?: Record<string, unknown> | null;
  minAmountOut?: bigint | null;
  amountOut?: bigint | null;
  txHash?: string | null;
  execution?: Record<string, unknown> | null;
  error?: string | null;
  errorCode?: string | null;
  triggeredAt?: Date | null;
  feeLamports?: bigint | null;
  launchSolBefore?: bigint | null;
}

/** The JSON columns a step may fill from its event's details or merge keys into. */
export type JsonColumn = 'route' | 'execution';

/** One status change of one order, with the event it appends. */
export interface StatusMove {
  orderId: string;
  /** The change happens only if the order is in one of these. */
  from: readonly OrderStatus[];
  to: OrderStatus;
  /** When set, the change happens only if the order has exactly this many events. */
  expectedSeq?: number;
  /** When true, the change happens only if the order's trigger has not fired (its job is not dispatched). */
  onlyIfUntriggered?: boolean;
  /** The attempt the new status belongs to; unchanged when omitted. */
  attempt?: number;
  set: OrderPatch;
  /** JSON columns set to the event's details less the keys named. */
  detailsInto?: Partial<Record<JsonColumn, readonly string[]>>;
  /** JSON columns that get these top-level keys, the rest kept as stored. */
  mergeInto?: Partial<Record<JsonColumn, Record<string, unknown>>>;
  details: Record<string, unknown>;
  at: Date;
}

/** Moved: the event's seq and the order's attempt. Refused: the status the order is in (if it exists). */
export type MoveOutcome = { moved: true; seq: number; attempt: number } | { moved: false; status: OrderStatus | undefined };

const COLUMNS: Record<keyof OrderPatch, string> = {
  venue: 'venue',
  route: 'route',
  minAmountOut: 'min_amount_out',
  amountOut: 'amount_out',
  txHash: 'tx_hash',
  execution: 'execution',
  error: 'error',
  errorCode: 'error_code',
  triggeredAt: 'triggered_at',
  feeLamports: 'fee_lamports',
  launchSolBefore: 'launch_sol_before',
};
const JSON_COLUMNS = new Set(['route', 'execution']);
const NUMERIC_COLUMNS = new Set(['min_amount_out', 'amount_out', 'fee_lamports', 'launch_sol_before']);
const TIME_COLUMNS = new Set(['triggered_at']);

/**
 * The SET assignments of the move statement, one per patchable column, from the input row `i` and
 * the stored row `o`. A column keeps its value unless the step names it; a named column takes the
 * patch's value, JSON null included (as SQL NULL). A JSON column may instead be set to the event's
 * details less some keys (`details_into`), or have keys merged into it (`merge_into`).
 */
const SET_PATCHED_COLUMNS = Object.values(COLUMNS)
  .map((col) => {
    if (JSON_COLUMNS.has(col)) {
      return (
        `,\n           ${col} = CASE` +
        ` WHEN i.details_into ? '${col}' THEN i.details - ARRAY(SELECT jsonb_array_elements_text(i.details_into->'${col}'))` +
        ` WHEN i.merge_into ? '${col}' THEN COALESCE(o.${col}, '{}'::jsonb) || (i.merge_into->'${col}')` +
        ` WHEN i.patch ? '${col}' THEN NULLIF(i.patch->'${col}', 'null'::jsonb) ELSE o.${col} END`
      );
    }
    const cast = NUMERIC_COLUMNS.has(col) ? '::numeric' : TIME_COLUMNS.has(col) ? '::timestamptz' : '';
    const value = `(i.patch->>'${col}')${cast}`;
    return `,\n           ${col} = CASE WHEN i.patch ? '${col}' THEN ${value} ELSE o.${col} END`;
  })
  .join('');

/**
 * Status changes: the only statements that write an order's status. Each moves the order
 * conditionally on its current status (and, when given, its event count), so two workers can never
 * both move it, and appends the next numbered event in the same statement. Changes requested at
 * the same time (the jobs running together in a worker) share one statement; every order still
 * moves or stays on its own condition.
 */
@Injectable()
export class OrderTransitionsRepository {
  private readonly moves: MicroBatcher<StatusMove, MoveOutcome>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(edgeConfig.KEY) edge: EdgeConfig,
  ) {
    this.moves = new MicroBatcher(liveOnRetry(db, (items: StatusMove[], r) => this.moveGroup(items, r)), {
      ...STATEMENT_GROUP,
      // A row the statement refuses (a constraint) must not fail the other orders' steps. A lost
      // connection is tried once more on a fresh one: each move is conditional on the stored
      // status (and event count), so one the first try committed is refused the second time, and
      // is then recognised by its event (see moveGroup).
      retryItemsAloneWhen: isRowLevelError,
      ...LOST_CONNECTION_RETRY,
      // A refused step fails its job attempt, which BullMQ retries. (A worker holds at most one
      // step per running job, so at WORKER_CONCURRENCY <= GROUP_QUEUE_LIMIT this never happens.)
      maxWaiting: edge.groupQueueLimit,
      name: 'status changes',
    });
  }

  move(move: StatusMove): Promise<MoveOutcome> {
    return this.moves.add(move);
  }

  /** Records why an attempt failed while a retry is to come; no status change, no event. */
  async noteAttemptFailure(orderId: string, code: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE orders SET error = $2, error_code = $3, updated_at = now()
       WHERE id = $1 AND ${SQL_NOT_TERMINAL}`,
      [orderId, message, code],
    );
  }

  /**
   * `retryOn`: the connection of a retry, when an earlier try of this group may have committed. A
   * move it committed is refused now (the order left `from`, or its event count moved on); its
   * event, which carries the move's status and its timestamp (fixed before the first try), tells
   * it apart from a move another run made, and it is answered as moved.
   */
  private async moveGroup(items: StatusMove[], retryOn?: QueryRunner): Promise<MoveOutcome[]> {
    const input = items.map((m, idx) => ({
      idx,
      id: m.orderId,
      from_statuses: m.from,
      to_status: m.to,
      attempt: m.attempt ?? null,
      expected_seq: m.expectedSeq ?? null,
      untriggered: m.onlyIfUntriggered ?? false,
      at: m.at.toISOString(),
      details: m.details,
      patch: patchByColumn(m.set),
      details_into: m.detailsInto ?? null,
      merge_into: m.mergeInto ?? null,
    }));
    // UPDATE ... FROM: if one order appears twice in a group, at most one of its rows can move
    // it (the other finds its condition false or is left unjoined) and is refused.
    const rows: Array<{ idx: number; seq: number; attempt: number }> = await this.db.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
           idx int, id uuid, from_statuses text[], to_status text, attempt int, expected_seq int, untriggered bool,
           at timestamptz, details jsonb, patch jsonb, details_into jsonb, merge_into jsonb)
       ), moved AS (
         UPDATE orders o SET
           status = i.to_status,
           attempt = COALESCE(i.attempt, o.attempt),
           last_seq = o.last_seq + 1,
           updated_at = i.at${SET_PATCHED_COLUMNS}
         FROM input i
         WHERE o.id = i.id AND o.status = ANY(i.from_statuses)
           AND (i.expected_seq IS NULL OR o.last_seq = i.expected_seq)
           AND (NOT i.untriggered OR o.triggered_at IS NULL)
         RETURNING i.idx, o.id, o.last_seq, o.attempt, i.to_status, i.details, i.at
       ), appended AS (
         INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
         SELECT id, last_seq, to_status, attempt, details, at FROM moved
       )
       SELECT idx, last_seq AS seq, attempt FROM moved`,
      [JSON.stringify(input)],
      retryOn,
    );
    const outcomes: MoveOutcome[] = new Array(items.length);
    for (const row of rows) outcomes[row.idx] = { moved: true, seq: row.seq, attempt: row.attempt };
    if (retryOn) await this.recogniseCommitted(items, outcomes, retryOn);
    const refused = items.filter((_, idx) => outcomes[idx] === undefined).map((m) => m.orderId);
    if (refused.length === 0) return outcomes;
    const current: Array<{ id: string; status: OrderStatus }> = await this.db.query(
      'SELECT id, status FROM orders WHERE id = ANY($1::uuid[])',
      [refused],
      retryOn,
    );
    const statusOf = new Map(current.map((c) => [c.id, c.status]));
    items.forEach((m, idx) => {
      if (outcomes[idx] === undefined) outcomes[idx] = { moved: false, status: statusOf.get(m.orderId) };
    });
    // Two moves of one order in one statement: one moved it and the other was refused, though the
    // order may now be in a status the other accepts (a cancel beside a worker's step). Such a
    // move, unless it was conditional on the event count, runs again on its own.
    if (items.length > 1) {
      for (const [idx, m] of items.entries()) {
        const outcome = outcomes[idx];
        if (!outcome.moved && m.expectedSeq === undefined && outcome.status !== undefined && m.from.includes(outcome.status)) {
          outcomes[idx] = (await this.moveGroup([m], retryOn))[0];
        }
      }
    }
    return outcomes;
  }

  /** Fills the outcome of each refused move whose event an earlier try of the group committed. */
  private async recogniseCommitted(items: StatusMove[], outcomes: MoveOutcome[], runner: QueryRunner): Promise<void> {
    const refused = items.map((m, idx) => ({ m, idx })).filter(({ idx }) => outcomes[idx] === undefined);
    if (refused.length === 0) return;
    const rows: Array<{ idx: number; seq: number; attempt: number }> = await this.db.query(
      `SELECT w.idx, e.seq, e.attempt
         FROM unnest($1::int[], $2::uuid[], $3::text[], $4::timestamptz[]) AS w(idx, order_id, status, at)
         JOIN order_events e ON e.order_id = w.order_id AND e.status = w.status AND e.created_at = w.at`,
      [
        refused.map(({ idx }) => idx),
        refused.map(({ m }) => m.orderId),
        refused.map(({ m }) => m.to),
        refused.map(({ m }) => m.at.toISOString()),
      ],
      runner,
    );
    for (const row of rows) outcomes[row.idx] = { moved: true, seq: row.seq, attempt: row.attempt };
  }
}

/** The patch keyed by column, bigints as decimal strings (exact through JSON and ::numeric). */
function patchByColumn(patch: OrderPatch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[COLUMNS[key as keyof OrderPatch]] = typeof value === 'bigint' ? value.toString() : value;
  }
  return out;
}
