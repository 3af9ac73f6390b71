import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { TokenRegistry } from '@app/dex';
import { ExecuteOrderDto } from './dto/execute-order.dto';
import { DEFAULT_PAGE_SIZE, ListOrdersQuery } from './dto/list-orders.query';
import { decodeCursor, encodeCursor } from './domain/order-cursor';
import { EngineUnavailableError, OrderNotFoundError, OrderValidationError } from './domain/order-errors';
import { isOrderId, newOrderId } from './domain/order-id';
import { parseOrderRequest } from './domain/order-request';
import { OrderEventMessage, OrderView, toEventMessage, toOrderView } from './domain/order-view';
import { Order } from './entities/order.entity';
import { OrderEvent } from './entities/order-event.entity';
import { ORDER_DISPATCHER, OrderDispatcher } from './order-dispatcher';

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
   */
  async create(dto: ExecuteOrderDto): Promise<string> {
    const request = parseOrderRequest(dto, this.tokens);
    const now = new Date();
    const id = newOrderId(now.getTime());
    const rows: Order[] = await this.db.query(
      `WITH o AS (
         INSERT INTO orders (id, token_in, token_out, amount_in, slippage_bps, status, attempt, last_seq,
                             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', 0, 1, $6, $6) RETURNING id
       )
       INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
       SELECT id, 1, 'pending', 0, '{}'::jsonb, $6 FROM o RETURNING order_id`,
      [id, request.tokenIn.symbol, request.tokenOut.symbol, request.amountIn.toString(), request.slippageBps, now],
    );
    if (rows.length !== 1) throw new Error(`order ${id} was not stored`);
    try {
      await this.dispatcher.dispatch(id);
    } catch (err) {
      this.logger.warn(`enqueue of ${id} failed, removing the order: ${(err as Error).message}`);
      await this.db.query(`DELETE FROM orders WHERE id = $1 AND status = 'pending'`, [id]);
      throw new EngineUnavailableError('queue', 'the order queue is unavailable; the order was not accepted');
    }
    return id;
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
