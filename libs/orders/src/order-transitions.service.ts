import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isRowLevelError, MicroBatcher } from '@app/database';
import { IllegalTransitionError } from './domain/order-errors';
import { canTransition, OrderStatus } from './domain/order-status';
import { eventMessage, OrderEventMessage } from './domain/order-view';
import { OrderEventsPublisher } from './events/order-events.publisher';

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
}

/** The JSON columns a step may fill from its event's details or merge into. */
export type JsonColumn = 'route' | 'execution';

export interface TransitionRequest {
  /** The status the caller believes the order is in; the change happens only if it still is. */
  from: OrderStatus | readonly OrderStatus[];
  to: OrderStatus;
  /**
   * The order's event count as the caller last saw it. When given, the change happens only if no
   * other event was written since: a compare-and-swap that keeps two runs of one job from both
   * moving the order, even when both saw the same status.
   */
  expectedSeq?: number;
  /** The attempt the new status belongs to; unchanged when omitted. */
  attempt?: number;
  set?: OrderPatch;
  /**
   * JSON columns set to the event's details less the keys named: a value the event already
   * carries goes to the database once instead of twice. Takes precedence over `set`.
   */
  fromDetails?: Partial<Record<JsonColumn, readonly string[]>>;
  /**
   * JSON columns whose stored object gets these top-level keys (the rest kept as stored, not
   * sent again); a column that is null becomes this object. Takes precedence over `set`.
   */
  merge?: Partial<Record<JsonColumn, Record<string, unknown>>>;
  /** Event details: stored with the event and sent to clients. */
  details?: Record<string, unknown>;
}

const COLUMNS: Record<keyof OrderPatch, string> = {
  venue: 'venue',
  route: 'route',
  minAmountOut: 'min_amount_out',
  amountOut: 'amount_out',
  txHash: 'tx_hash',
  execution: 'execution',
  error: 'error',
  errorCode: 'error_code',
};

/** A transition waiting for its group's statement. */
interface PendingMove {
  orderId: string;
  from: OrderStatus[];
  req: TransitionRequest;
  at: Date;
  details: Record<string, unknown>;
}

/**
 * The order state machine's only writer. One statement moves the order (conditionally on its
 * current status, so two workers can never both move it) and appends the next numbered event;
 * only after it committed is the event published.
 *
 * Transitions requested at the same time (by the jobs running concurrently in one worker) are
 * written together: one statement moves each order on its own conditions and appends each
 * event, and one Redis round trip publishes the events. Every order still moves or stays on its
 * own compare-and-swap; the grouping only saves round trips and commits.
 */
@Injectable()
export class OrderTransitions {
  private readonly moves = new MicroBatcher<PendingMove, OrderEventMessage>((batch) => this.applyMoves(batch), {
    maxBatch: 200,
    maxInFlight: 4,
    // A row the statement refuses (a constraint) must not fail the other orders' steps; a lost
    // connection must: the statement may have committed, and only a retry that reloads can tell.
    isolateFailure: isRowLevelError,
  });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly publisher: OrderEventsPublisher,
  ) {}

  async transition(orderId: string, req: TransitionRequest): Promise<OrderEventMessage> {
    const from = typeof req.from === 'string' ? [req.from] : [...req.from];
    for (const status of from) {
      if (!canTransition(status, req.to)) throw new IllegalTransitionError(orderId, req.to, status);
    }
    return this.moves.add({ orderId, from, req, at: new Date(), details: req.details ?? {} });
  }

  private async applyMoves(batch: PendingMove[]): Promise<Array<OrderEventMessage | Error>> {
    const input = batch.map((m, idx) => ({
      idx,
      id: m.orderId,
      from_statuses: m.from,
      to_status: m.req.to,
      attempt: m.req.attempt ?? null,
      expected_seq: m.req.expectedSeq ?? null,
      at: m.at.toISOString(),
      details: m.details,
      patch: patchJson(m.req.set ?? {}),
      from_details: m.req.fromDetails ?? null,
      merge: m.req.merge ?? null,
    }));
    // UPDATE ... FROM: if one order appears twice in a batch, at most one of its rows can move
    // it (the other finds its condition false or is left unjoined) and gets IllegalTransition.
    const rows: Array<{ idx: number; seq: number; attempt: number }> = await this.db.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
           idx int, id uuid, from_statuses text[], to_status text, attempt int, expected_seq int,
           at timestamptz, details jsonb, patch jsonb, from_details jsonb, merge jsonb)
       ), moved AS (
         UPDATE orders o SET
           status = i.to_status,
           attempt = COALESCE(i.attempt, o.attempt),
           last_seq = o.last_seq + 1,
           updated_at = i.at${PATCH_SETS}
         FROM input i
         WHERE o.id = i.id AND o.status = ANY(i.from_statuses)
           AND (i.expected_seq IS NULL OR o.last_seq = i.expected_seq)
         RETURNING i.idx, o.id, o.last_seq, o.attempt, i.to_status, i.details, i.at
       ), appended AS (
         INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
         SELECT id, last_seq, to_status, attempt, details, at FROM moved
       )
       SELECT idx, last_seq AS seq, attempt FROM moved`,
      [JSON.stringify(input)],
    );
    const outcomes: Array<OrderEventMessage | Error> = new Array(batch.length);
    for (const row of rows) {
      const m = batch[row.idx];
      const core = { orderId: m.orderId, seq: row.seq, status: m.req.to, attempt: row.attempt, at: m.at.toISOString() };
      outcomes[row.idx] = eventMessage(core, m.details);
    }
    const refused = batch.map((m, idx) => ({ m, idx })).filter(({ idx }) => outcomes[idx] === undefined);
    if (refused.length > 0) {
      const current: Array<{ id: string; status: string }> = await this.db.query(
        'SELECT id, status FROM orders WHERE id = ANY($1::uuid[])',
        [refused.map(({ m }) => m.orderId)],
      );
      const statusOf = new Map(current.map((c) => [c.id, c.status]));
      for (const { m, idx } of refused) {
        outcomes[idx] = new IllegalTransitionError(m.orderId, m.req.to, statusOf.get(m.orderId));
      }
    }
    await this.publisher.publishAll(outcomes.filter((o): o is OrderEventMessage => !(o instanceof Error)));
    return outcomes;
  }

  /**
   * Notes why an attempt failed while a retry is still to come. No status change and no event:
   * the next attempt's `routing` event reports it as `retryOf`.
   */
  async noteAttemptFailure(orderId: string, code: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE orders SET error = $2, error_code = $3, updated_at = now()
       WHERE id = $1 AND status NOT IN ('confirmed', 'failed')`,
      [orderId, message, code],
    );
  }
}

const JSON_COLUMNS = new Set(['route', 'execution']);
const NUMERIC_COLUMNS = new Set(['min_amount_out', 'amount_out']);

/**
 * Each patchable column keeps its value unless the step names it; a named column takes the
 * patch's value, JSON null included (as SQL NULL). A JSON column may instead be filled from the
 * event's details or have keys merged into it (TransitionRequest.fromDetails, .merge).
 */
const PATCH_SETS = Object.values(COLUMNS)
  .map((col) => {
    if (JSON_COLUMNS.has(col)) {
      return (
        `,\n           ${col} = CASE` +
        ` WHEN i.from_details ? '${col}' THEN i.details - ARRAY(SELECT jsonb_array_elements_text(i.from_details->'${col}'))` +
        ` WHEN i.merge ? '${col}' THEN COALESCE(o.${col}, '{}'::jsonb) || (i.merge->'${col}')` +
        ` WHEN i.patch ? '${col}' THEN NULLIF(i.patch->'${col}', 'null'::jsonb) ELSE o.${col} END`
      );
    }
    const value = NUMERIC_COLUMNS.has(col) ? `(i.patch->>'${col}')::numeric` : `i.patch->>'${col}'`;
    return `,\n           ${col} = CASE WHEN i.patch ? '${col}' THEN ${value} ELSE o.${col} END`;
  })
  .join('');

/** The patch keyed by column, bigints as decimal strings (exact through JSON and ::numeric). */
function patchJson(patch: OrderPatch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[COLUMNS[key as keyof OrderPatch]] = typeof value === 'bigint' ? value.toString() : value;
  }
  return out;
}
