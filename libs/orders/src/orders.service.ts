import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isRowLevelError, MicroBatcher } from '@app/database';
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
import { OrderRequest, parseOrderRequest } from './domain/order-request';
import { OrderStatus } from './domain/order-status';
import { eventMessage, OrderEventMessage, OrderView, toOrderView } from './domain/order-view';
import { requestHash } from './domain/request-hash';
import { Order } from './entities/order.entity';
import { ORDER_DISPATCHER, OrderDispatcher } from './order-dispatcher';

export interface CreatedOrder {
  orderId: string;
  /** True when an Idempotency-Key repeat returned an order created by an earlier request. */
  replayed: boolean;
}

/** An order between validation and storage, waiting for its group's INSERT. */
interface PendingOrder {
  id: string;
  request: OrderRequest;
  idempotencyKey: string | null;
  hash: string | null;
  now: Date;
}

interface StoredEventRow {
  order_id: string;
  seq: number;
  status: OrderStatus;
  attempt: number;
  details: Record<string, unknown>;
  created_at: Date;
}

export interface OrderPage {
  items: OrderView[];
  nextCursor: string | null;
}

/**
 * What a listing reads: the columns of the order view, not `execution` (the stored transaction,
 * about 1.2 KB kept out of line, which no view shows).
 */
const LISTED_COLUMNS = [
  'id', 'number', 'tokenIn', 'tokenOut', 'amountIn', 'slippageBps', 'status', 'attempt', 'lastSeq', 'venue', 'route',
  'minAmountOut', 'amountOut', 'txHash', 'error', 'errorCode', 'createdAt', 'updatedAt',
].map((property) => `o.${property}`);

/** Accepting and reading orders. Status changes live in OrderTransitions. */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);
  /**
   * Up to 4 groups in flight at once (each one pooled connection), of at most 500 orders: a
   * statement of 500 rows still takes a few milliseconds, so no order waits long behind one.
   */
  private readonly accepts = new MicroBatcher<PendingOrder, boolean>((items) => this.acceptBatch(items), {
    maxBatch: 500,
    maxInFlight: 4,
    isolateFailure: isRowLevelError,
  });
  private readonly eventReads = new MicroBatcher<{ orderId: string; afterSeq: number }, OrderEventMessage[]>(
    (items) => this.eventsBatch(items),
    { maxBatch: 200, maxInFlight: 4 },
  );
  private readonly reads = new MicroBatcher<string, Order | null>((ids) => this.readBatch(ids), {
    maxBatch: 200,
    maxInFlight: 4,
  });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenRegistry,
    @Inject(ORDER_DISPATCHER) private readonly dispatcher: OrderDispatcher,
  ) {}

  /**
   * Stores the order with its first event, then enqueues its job. If the queue refuses, the order
   * is removed again and the caller gets EngineUnavailableError: an order is either stored with a
   * job or not stored at all.
   *
   * Concurrent requests are accepted together (see `acceptBatch`): one INSERT statement and one
   * Redis round trip for the whole group, so the cost per order falls as the load rises.
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
    const inserted = await this.accepts.add({ id, request, idempotencyKey: idempotencyKey ?? null, hash, now });
    if (!inserted) return this.replay(idempotencyKey!, hash!);
    return { orderId: id, replayed: false };
  }

  /**
   * Stores a group of orders and their first events in one statement, enqueues the stored ones
   * in one round trip, and answers each: true when stored and enqueued, false when its
   * idempotency key was already taken (the caller replays), EngineUnavailableError when the queue
   * refused (those orders are deleted again).
   */
  private async acceptBatch(items: PendingOrder[]): Promise<Array<boolean | Error>> {
    const rows: Array<{ order_id: string }> = await this.db.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::numeric[], $5::int[],
                              $6::varchar[], $7::varchar[], $8::timestamptz[])
                AS i(id, token_in, token_out, amount_in, slippage_bps, idempotency_key, request_hash, created_at)
       ), o AS (
         INSERT INTO orders (id, token_in, token_out, amount_in, slippage_bps, status, attempt, last_seq,
                             idempotency_key, request_hash, accepted_at, created_at, updated_at)
         SELECT id, token_in, token_out, amount_in, slippage_bps, 'pending', 0, 1, idempotency_key, request_hash,
                -- A keyed order counts as accepted only once its job is enqueued (see replay).
                CASE WHEN idempotency_key IS NULL THEN created_at END, created_at, created_at
         FROM input
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING id, created_at
       )
       INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
       SELECT id, 1, 'pending', 0, '{}'::jsonb, created_at FROM o RETURNING order_id`,
      [
        items.map((i) => i.id),
        items.map((i) => i.request.tokenIn.symbol),
        items.map((i) => i.request.tokenOut.symbol),
        items.map((i) => i.request.amountIn.toString()),
        items.map((i) => i.request.slippageBps),
        items.map((i) => i.idempotencyKey),
        items.map((i) => i.hash),
        items.map((i) => i.now),
      ],
    );
    const stored = new Set(rows.map((r) => r.order_id));
    const ids = items.filter((i) => stored.has(i.id)).map((i) => i.id);
    if (ids.length === 0) return items.map(() => false);
    try {
      await this.dispatcher.dispatch(ids);
    } catch (err) {
      this.logger.warn(`enqueue of ${ids.length} order(s) failed, removing them: ${(err as Error).message}`);
      await this.db.query(`DELETE FROM orders WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [ids]);
      const refused = new EngineUnavailableError('queue', 'the order queue is unavailable; the order was not accepted');
      return items.map((i) => (stored.has(i.id) ? refused : false));
    }
    const keyed = items.filter((i) => i.idempotencyKey !== null && stored.has(i.id)).map((i) => i.id);
    if (keyed.length > 0) {
      await this.db.query('UPDATE orders SET accepted_at = $2 WHERE id = ANY($1::uuid[])', [keyed, new Date()]);
    }
    return items.map((i) => stored.has(i.id));
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
    const order = isOrderId(id) ? await this.reads.add(id) : null;
    if (!order) throw new OrderNotFoundError(id);
    return order;
  }

  /**
   * Reads a group of orders by id in one statement: each worker job starts with one. The ids go
   * as one array parameter, so every group size shares one statement text (IN (...) made a new
   * one, parsed and planned afresh, for each size).
   */
  private async readBatch(ids: string[]): Promise<Array<Order | null>> {
    const found = await this.db
      .getRepository(Order)
      .createQueryBuilder('o')
      .where('o.id = ANY(CAST(:ids AS uuid[]))', { ids: [...new Set(ids)] })
      .getMany();
    const byId = new Map(found.map((o) => [o.id, o]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Newest first, keyset-paginated on (created_at, id) so every page is one index range scan. */
  async list(query: ListOrdersQuery): Promise<OrderPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.db
      .getRepository(Order)
      .createQueryBuilder('o')
      .select(LISTED_COLUMNS)
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

  /**
   * Stored events of an order after `afterSeq`, in seq order. Every WebSocket connection starts
   * with one of these, and every heartbeat repeats it per socket: concurrent reads share one
   * statement.
   */
  async events(orderId: string, afterSeq = 0): Promise<OrderEventMessage[]> {
    return this.eventReads.add({ orderId, afterSeq });
  }

  private async eventsBatch(items: Array<{ orderId: string; afterSeq: number }>): Promise<OrderEventMessage[][]> {
    const after = new Map<string, number>();
    for (const i of items) after.set(i.orderId, Math.min(after.get(i.orderId) ?? i.afterSeq, i.afterSeq));
    const rows: StoredEventRow[] = await this.db.query(
      `SELECT e.order_id, e.seq, e.status, e.attempt, e.details, e.created_at
       FROM unnest($1::uuid[], $2::int[]) AS w(order_id, after_seq)
       JOIN order_events e ON e.order_id = w.order_id AND e.seq > w.after_seq
       ORDER BY e.order_id, e.seq`,
      [[...after.keys()], [...after.values()]],
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
