import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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

/**
 * The order state machine's only writer. One statement moves the order (conditionally on its
 * current status, so two workers can never both move it) and appends the next numbered event;
 * only after it committed is the event published.
 */
@Injectable()
export class OrderTransitions {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly publisher: OrderEventsPublisher,
  ) {}

  async transition(orderId: string, req: TransitionRequest): Promise<OrderEventMessage> {
    const from = typeof req.from === 'string' ? [req.from] : [...req.from];
    for (const status of from) {
      if (!canTransition(status, req.to)) throw new IllegalTransitionError(orderId, req.to, status);
    }
    const now = new Date();
    const details = req.details ?? {};
    const params: unknown[] = [
      orderId,
      from,
      req.to,
      req.attempt ?? null,
      now,
      JSON.stringify(details),
      req.expectedSeq ?? null,
    ];
    const sets = Object.entries(req.set ?? {}).map(([key, value]) => {
      params.push(serialize(value));
      return `${COLUMNS[key as keyof OrderPatch]} = $${params.length}`;
    });
    const rows: Array<{ seq: number; attempt: number }> = await this.db.query(
      `WITH moved AS (
         UPDATE orders SET status = $3, attempt = COALESCE($4, attempt), last_seq = last_seq + 1,
                updated_at = $5${sets.map((s) => `, ${s}`).join('')}
         WHERE id = $1 AND status = ANY($2) AND ($7::int IS NULL OR last_seq = $7)
         RETURNING id, last_seq, attempt
       )
       INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
       SELECT id, last_seq, $3, attempt, $6::jsonb, $5 FROM moved RETURNING seq, attempt`,
      params,
    );
    if (rows.length === 0) {
      const current: Array<{ status: string }> = await this.db.query('SELECT status FROM orders WHERE id = $1', [
        orderId,
      ]);
      throw new IllegalTransitionError(orderId, req.to, current[0]?.status);
    }
    const core = { orderId, seq: rows[0].seq, status: req.to, attempt: rows[0].attempt, at: now.toISOString() };
    const message = eventMessage(core, details);
    await this.publisher.publish(message);
    return message;
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

function serialize(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}
