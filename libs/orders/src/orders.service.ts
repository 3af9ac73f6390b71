import { Inject, Injectable } from '@nestjs/common';
import { OverloadedError } from '@app/common';
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
import { OrderEventMessage, OrderView, toOrderView } from './domain/order-view';
import { requestHash } from './domain/request-hash';
import { Order } from './entities/order.entity';
import { ORDER_DISPATCHER, OrderDispatcher } from './order-dispatcher';
import { OrderEventsRepository } from './persistence/order-events.repository';
import { OrdersRepository } from './persistence/orders.repository';

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
  constructor(
    private readonly repository: OrdersRepository,
    private readonly eventStore: OrderEventsRepository,
    private readonly tokens: TokenRegistry,
    @Inject(ORDER_DISPATCHER) private readonly dispatcher: OrderDispatcher,
  ) {}

  /**
   * Stores the order with its first event, then enqueues its job. If the queue refuses, the order
   * is removed again and the caller gets EngineUnavailableError: an order is either stored with a
   * job or not stored at all. (Concurrent requests share the insert statement and the enqueue
   * round trip: see the repository and the dispatcher.)
   *
   * With an idempotency key, the key is stored with the order in that same statement. A repeat of
   * the key with the same request gets the original order back (`replayed`); with a different
   * request, IdempotencyKeyReusedError; while the first is still between insert and enqueue,
   * IdempotencyKeyInProgressError.
   */
  async create(dto: ExecuteOrderDto, idempotencyKey?: string): Promise<CreatedOrder> {
    const request = parseOrderRequest(dto, this.tokens);
    const hash = idempotencyKey === undefined ? null : requestHash(request);
    const createdAt = new Date();
    const id = newOrderId(createdAt.getTime());
    const stored = await this.repository.insert({
      id,
      tokenIn: request.tokenIn.symbol,
      tokenOut: request.tokenOut.symbol,
      amountIn: request.amountIn,
      slippageBps: request.slippageBps,
      idempotencyKey: idempotencyKey ?? null,
      requestHash: hash,
      createdAt,
    });
    if (!stored) return this.replay(idempotencyKey!, hash!);
    try {
      await this.dispatcher.dispatch(id);
    } catch (err) {
      await this.repository.removeUnenqueued(id);
      // Too many enqueues waiting: the client is told to retry shortly (503 with Retry-After).
      if (err instanceof OverloadedError) throw err;
      throw new EngineUnavailableError('queue', 'the order queue is unavailable; the order was not accepted');
    }
    if (idempotencyKey !== undefined) await this.repository.markAccepted(id);
    return { orderId: id, replayed: false };
  }

  private async replay(idempotencyKey: string, hash: string): Promise<CreatedOrder> {
    const original = await this.repository.findByIdempotencyKey(idempotencyKey);
    // Gone between our insert and this read: its first request failed and removed it.
    if (!original) throw new IdempotencyKeyInProgressError('(removed)');
    if (original.requestHash !== hash) throw new IdempotencyKeyReusedError(original.id);
    if (original.acceptedAt === null) throw new IdempotencyKeyInProgressError(original.id);
    return { orderId: original.id, replayed: true };
  }

  async findOne(id: string): Promise<OrderView> {
    return toOrderView(await this.getOrder(id), this.tokens);
  }

  /** The stored order, or OrderNotFoundError (also for ids that are not UUIDs: validate first). */
  async getOrder(id: string): Promise<Order> {
    const order = isOrderId(id) ? await this.repository.findById(id) : null;
    if (!order) throw new OrderNotFoundError(id);
    return order;
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(query: ListOrdersQuery): Promise<OrderPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !after) {
      throw new OrderValidationError([
        { field: 'cursor', rule: 'cursor', message: 'cursor must be a nextCursor value returned by this API' },
      ]);
    }
    const rows = await this.repository.listPage({ rows: limit + 1, after, status: query.status });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((o) => toOrderView(o, this.tokens)),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  /** Stored events of an order after `afterSeq`, in seq order. */
  events(orderId: string, afterSeq = 0): Promise<OrderEventMessage[]> {
    return this.eventStore.eventsAfter(orderId, afterSeq);
  }
}
