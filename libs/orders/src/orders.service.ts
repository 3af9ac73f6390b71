import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { TokenRegistry } from '@app/dex';
import { ExecuteOrderDto } from './dto/execute-order.dto';
import { DEFAULT_PAGE_SIZE, ListOrdersQuery } from './dto/list-orders.query';
import { decodeCursor, encodeCursor } from './domain/order-cursor';
import {
  EngineUnavailableError,
  IdempotencyKeyInProgressError,
  IdempotencyKeyReusedError,
  OrderNotFoundError,
  OrderValidationError,
} from './domain/order-errors';
import { isOrderId, newOrderId } from './domain/order-id';
import { parseOrderRequest } from './domain/order-request';
import { OrderEventMessage, OrderView, toEventMessage, toOrderView } from './domain/order-view';
import { requestHash } from './domain/request-hash';
import { Order } from './entities/order.entity';
import { OrderEvent } from './entities/order-event.entity';
import { ORDER_DISPATCHER, OrderDispatcher } from './order-dispatcher';

export interface CreatedOrder {
  orderId: string;
  /** True when an Idempotency-Key repeat returned an order created by an earlier request. */
  replayed: boolean;
}

export interface OrderPage {
  items: OrderView[];
  nextCursor: string | null;
}

/** Accepting and reading orders. Status changes live in OrderTransitions. */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenRegistry,
    @Inject(ORDER_DISPATCHER) private readonly dispatcher: OrderDispatcher,
  ) {}

  /**
   * Stores the order with its first event in one statement, then enqueues its job. If the queue
   * refuses, the order is removed again and the caller gets EngineUnavailableError: an order is
   * either stored with a job or not stored at all.
   *
   * With an idempotency key, the key is stored with the order in that same statement. A repeat of
   * the key with the same request gets the original order back (`replayed`); with a different
   * request, IdempotencyKeyReusedError; while the first is still between insert and enqueue,
   * IdempotencyKeyInProgressError.
   */
  async create(dto: ExecuteOrderDto, idempotencyKey?: string): Promise<CreatedOrder> {
    const request = parseOrderRequest(dto, this.tokens);
    const hash = idempotencyKey === undefined ? null : requestHash(request);
    const now = new Date();
    const id = newOrderId(now.getTime());
    const rows: Array<{ order_id: string }> = await this.db.query(
      `WITH o AS (
         INSERT INTO orders (id, token_in, token_out, amount_in, slippage_bps, status, attempt, last_seq,
                             idempotency_key, request_hash, accepted_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', 0, 1, $7, $8, $9, $6, $6)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING id
       )
       INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
       SELECT id, 1, 'pending', 0, '{}'::jsonb, $6 FROM o RETURNING order_id`,
      [
        id,
        request.tokenIn.symbol,
        request.tokenOut.symbol,
        request.amountIn.toString(),
        request.slippageBps,
        now,
        idempotencyKey ?? null,
        hash,
        // A keyed order counts as accepted only once its job is enqueued (see replay).
        idempotencyKey === undefined ? now : null,
      ],
    );
    if (rows.length === 0) return this.replay(idempotencyKey!, hash!);
    try {
      await this.dispatcher.dispatch(id);
    } catch (err) {
      this.logger.warn(`enqueue of ${id} failed, removing the order: ${(err as Error).message}`);
      await this.db.query(`DELETE FROM orders WHERE id = $1 AND status = 'pending'`, [id]);
      throw new EngineUnavailableError('queue', 'the order queue is unavailable; the order was not accepted');
    }
    if (idempotencyKey !== undefined) {
      await this.db.query('UPDATE orders SET accepted_at = $2 WHERE id = $1', [id, new Date()]);
    }
    return { orderId: id, replayed: false };
  }

  private async replay(idempotencyKey: string, hash: string): Promise<CreatedOrder> {
    const found: Array<{ id: string; request_hash: string; accepted_at: Date | null }> = await this.db.query(
      'SELECT id, request_hash, accepted_at FROM orders WHERE idempotency_key = $1',
      [idempotencyKey],
    );
    const original = found[0];
    // Gone between our insert and this read: its first request failed and removed it.
    if (!original) throw new IdempotencyKeyInProgressError('(removed)');
    if (original.request_hash !== hash) throw new IdempotencyKeyReusedError(original.id);
    if (original.accepted_at === null) throw new IdempotencyKeyInProgressError(original.id);
    return { orderId: original.id, replayed: true };
  }

  async findOne(id: string): Promise<OrderView> {
    return toOrderView(await this.getOrder(id), this.tokens);
  }

  /** The stored order, or OrderNotFoundError (also for ids that are not UUIDs: validate first). */
  async getOrder(id: string): Promise<Order> {
    const order = isOrderId(id) ? await this.db.getRepository(Order).findOneBy({ id }) : null;
    if (!order) throw new OrderNotFoundError(id);
    return order;
  }

  /** Newest first, keyset-paginated on (created_at, id) so every page is one index range scan. */
  async list(query: ListOrdersQuery): Promise<OrderPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.db
      .getRepository(Order)
      .createQueryBuilder('o')
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(limit + 1);
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor) {
        throw new OrderValidationError([
          { field: 'cursor', rule: 'cursor', message: 'cursor must be a nextCursor value returned by this API' },
        ]);
      }
      qb.where('(o.created_at, o.id) < (:at, :id)', { at: cursor.createdAt, id: cursor.id });
    }
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((o) => toOrderView(o, this.tokens)),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  /** Stored events of an order after `afterSeq`, in seq order. */
  async events(orderId: string, afterSeq = 0): Promise<OrderEventMessage[]> {
    const events = await this.db.getRepository(OrderEvent).find({
      where: { orderId, seq: MoreThan(afterSeq) },
      order: { seq: 'ASC' },
    });
    return events.map(toEventMessage);
  }
}
