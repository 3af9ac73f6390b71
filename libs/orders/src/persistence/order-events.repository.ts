import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { LOST_CONNECTION_RETRY, MicroBatcher } from '@app/common';
import { edgeConfig, EdgeConfig } from '@app/config';
import { liveOnRetry } from '@app/database';
import { OrderStatus } from '../domain/order-status';
import { eventMessage, OrderEventMessage } from '../domain/order-view';
import { STATEMENT_GROUP } from './statement-group';

interface EventsAfter {
  orderId: string;
  afterSeq: number;
}

interface StoredEventRow {
  order_id: string;
  seq: number;
  status: OrderStatus;
  attempt: number;
  details: Record<string, unknown>;
  created_at: Date;
}

/**
 * Reads of `order_events`. (Events are written only together with their order's row: the first
 * by OrdersRepository.insert, the others by OrderTransitionsRepository.move.)
 */
@Injectable()
export class OrderEventsRepository {
  private readonly reads: MicroBatcher<EventsAfter, OrderEventMessage[]>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(edgeConfig.KEY) edge: EdgeConfig,
  ) {
    this.reads = new MicroBatcher(liveOnRetry(db, (items: EventsAfter[], r) => this.readGroup(items, r)), {
      ...STATEMENT_GROUP,
      maxWaiting: edge.groupQueueLimit,
      // A read changes nothing: tried once more on a fresh connection when its own was lost.
      ...LOST_CONNECTION_RETRY,
      name: 'event reads',
    });
  }

  /**
   * The stored events of an order after `afterSeq`, in seq order. Every WebSocket connection
   * starts with one of these and every heartbeat repeats it per socket: concurrent reads share
   * one statement.
   */
  eventsAfter(orderId: string, afterSeq: number): Promise<OrderEventMessage[]> {
    return this.reads.add({ orderId, afterSeq });
  }

  private async readGroup(items: EventsAfter[], runner?: QueryRunner): Promise<OrderEventMessage[][]> {
    const after = new Map<string, number>();
    for (const i of items) after.set(i.orderId, Math.min(after.get(i.orderId) ?? i.afterSeq, i.afterSeq));
    const rows: StoredEventRow[] = await this.db.query(
      `SELECT e.order_id, e.seq, e.status, e.attempt, e.details, e.created_at
       FROM unnest($1::uuid[], $2::int[]) AS w(order_id, after_seq)
       JOIN order_events e ON e.order_id = w.order_id AND e.seq > w.after_seq
       ORDER BY e.order_id, e.seq`,
      [[...after.keys()], [...after.values()]],
      runner,
    );
    const byOrder = new Map<string, OrderEventMessage[]>();
    for (const r of rows) {
      const core = { orderId: r.order_id, seq: r.seq, status: r.status, attempt: r.attempt, at: r.created_at.toISOString() };
      const message = eventMessage(core, r.details);
      const list = byOrder.get(r.order_id);
      if (list) list.push(message);
      else byOrder.set(r.order_id, [message]);
    }
    return items.map((i) => (byOrder.get(i.orderId) ?? []).filter((m) => m.seq > i.afterSeq));
  }
}
