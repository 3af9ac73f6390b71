import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MicroBatcher } from '@app/common';
import { edgeConfig, EdgeConfig } from '@app/config';
import { isRowLevelError } from '@app/database';
import { OrderCursor } from '../domain/order-cursor';
import { OrderStatus } from '../domain/order-status';
import { Order } from '../entities/order.entity';
import { aloneWhenOverloaded, STATEMENT_GROUP } from './statement-group';

/** An accepted order as it is first stored, with its first event. */
export interface NewOrder {
  id: string;
  tokenIn: string;
  tokenOut: string;
  amountIn: bigint;
  slippageBps: number;
  idempotencyKey: string | null;
  requestHash: string | null;
  createdAt: Date;
}

/** What an Idempotency-Key repeat is compared with. */
export interface KeyedOrder {
  id: string;
  requestHash: string;
  /** Null while the first request is between its insert and its enqueue. */
  acceptedAt: Date | null;
}

export interface OrderPageQuery {
  /** Rows to read: a page's size plus one, to tell whether another page follows. */
  rows: number;
  after?: OrderCursor;
  status?: OrderStatus;
}

/** A non-terminal order the reconciler looks at. */
export interface StaleOrder {
  id: string;
  status: OrderStatus;
  attempt: number;
  recoveries: number;
}

/**
 * What a listing reads: the columns of the order view, not `execution` (the stored transaction,
 * kept out of line, which no view shows).
 */
const LISTED_COLUMNS = [
  'id', 'number', 'tokenIn', 'tokenOut', 'amountIn', 'slippageBps', 'status', 'attempt', 'lastSeq', 'venue', 'route',
  'minAmountOut', 'amountOut', 'txHash', 'error', 'errorCode', 'createdAt', 'updatedAt',
].map((property) => `o.${property}`);

/**
 * Accepting, reading, listing and recovering orders: every statement on `orders` but the status
 * changes (OrderTransitionsRepository) and the event reads (OrderEventsRepository). Statements that many
 * callers issue at once are grouped: concurrent calls share one statement, one round trip and one
 * commit (see MicroBatcher), and each caller still gets its own row's outcome.
 */
@Injectable()
export class OrdersRepository {
  private readonly inserts: MicroBatcher<NewOrder, boolean>;
  private readonly reads: MicroBatcher<string, Order | null>;
  private readonly removals: MicroBatcher<string, void>;
  private readonly acceptances: MicroBatcher<string, void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(edgeConfig.KEY) edge: EdgeConfig,
  ) {
    const maxWaiting = edge.groupQueueLimit;
    this.inserts = new MicroBatcher((items) => this.insertGroup(items), {
      // Up to 500 accepts a statement: a row per order and its event.
      maxBatch: 500,
      maxInFlight: 4,
      // A row the statement refuses must not fail the other orders; a lost connection must (it may
      // have committed, and only a read can tell).
      retryItemsAloneWhen: isRowLevelError,
      maxWaiting,
      name: 'order inserts',
    });
    this.reads = new MicroBatcher((ids) => this.readGroup(ids), { ...STATEMENT_GROUP, maxWaiting, name: 'order reads' });
    this.removals = new MicroBatcher((ids) => this.removeGroup(ids), { ...STATEMENT_GROUP, maxWaiting, name: 'order removals' });
    this.acceptances = new MicroBatcher((ids) => this.acceptGroup(ids), { ...STATEMENT_GROUP, maxWaiting, name: 'order acceptances' });
  }

  /**
   * Stores the order and its first event (`pending`, seq 1) in one statement. False when its
   * idempotency key is taken already (nothing stored). A keyed order counts as accepted only
   * once its job is enqueued (`markAccepted`); an order without a key, from the start.
   */
  insert(order: NewOrder): Promise<boolean> {
    return this.inserts.add(order);
  }

  /** The order by id, or null; concurrent reads share one statement. */
  findById(id: string): Promise<Order | null> {
    return this.reads.add(id);
  }

  async findByIdempotencyKey(key: string): Promise<KeyedOrder | undefined> {
    const rows: Array<{ id: string; request_hash: string; accepted_at: Date | null }> = await this.db.query(
      'SELECT id, request_hash, accepted_at FROM orders WHERE idempotency_key = $1',
      [key],
    );
    return rows[0] && { id: rows[0].id, requestHash: rows[0].request_hash, acceptedAt: rows[0].accepted_at };
  }

  /** Removes an order whose job could not be enqueued (still `pending`: nothing ran it). */
  removeUnenqueued(id: string): Promise<void> {
    return this.removals.add(id).catch(aloneWhenOverloaded(() => this.removeGroup([id])));
  }

  /** Records that a keyed order's job is enqueued: repeats of its key now replay it. */
  markAccepted(id: string): Promise<void> {
    return this.acceptances.add(id).catch(aloneWhenOverloaded(() => this.acceptGroup([id])));
  }

  /** Newest first on (created_at, id), so every page is one index range scan. */
  listPage(query: OrderPageQuery): Promise<Order[]> {
    const qb = this.db
      .getRepository(Order)
      .createQueryBuilder('o')
      .select(LISTED_COLUMNS)
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(query.rows);
    if (query.after) qb.where('(o.created_at, o.id) < (:at, :id)', { at: query.after.createdAt, id: query.after.id });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    return qb.getMany();
  }

  /**
   * Runs `work` in a transaction holding row locks on up to `limit` non-terminal orders unchanged
   * since `before`, oldest first. Rows another process holds are skipped (SKIP LOCKED), so any
   * number of processes can do this at once. `work` reports each order it enqueued again with
   * `requeued`, which counts the recovery in the same transaction.
   */
  async withStaleOrders<T>(
    before: Date,
    limit: number,
    work: (orders: StaleOrder[], requeued: (id: string) => Promise<void>) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx: EntityManager) => {
      const orders: StaleOrder[] = await tx.query(
        `SELECT id, status, attempt, recoveries FROM orders
          WHERE status NOT IN ('confirmed', 'failed') AND updated_at < $1
          ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [before, limit],
      );
      const requeued = async (id: string) => {
        await tx.query(
          `UPDATE orders SET recoveries = recoveries + 1, updated_at = now(),
                  accepted_at = COALESCE(accepted_at, now()) WHERE id = $1`,
          [id],
        );
      };
      return work(orders, requeued);
    });
  }

  private async insertGroup(items: NewOrder[]): Promise<boolean[]> {
    const rows: Array<{ order_id: string }> = await this.db.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::numeric[], $5::int[],
                              $6::varchar[], $7::varchar[], $8::timestamptz[])
                AS i(id, token_in, token_out, amount_in, slippage_bps, idempotency_key, request_hash, created_at)
       ), o AS (
         INSERT INTO orders (id, token_in, token_out, amount_in, slippage_bps, status, attempt, last_seq,
                             idempotency_key, request_hash, accepted_at, created_at, updated_at)
         SELECT id, token_in, token_out, amount_in, slippage_bps, 'pending', 0, 1, idempotency_key, request_hash,
                CASE WHEN idempotency_key IS NULL THEN created_at END, created_at, created_at
         FROM input
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING id, created_at
       )
       INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
       SELECT id, 1, 'pending', 0, '{}'::jsonb, created_at FROM o RETURNING order_id`,
      [
        items.map((i) => i.id),
        items.map((i) => i.tokenIn),
        items.map((i) => i.tokenOut),
        items.map((i) => i.amountIn.toString()),
        items.map((i) => i.slippageBps),
        items.map((i) => i.idempotencyKey),
        items.map((i) => i.requestHash),
        items.map((i) => i.createdAt),
      ],
    );
    const stored = new Set(rows.map((r) => r.order_id));
    return items.map((i) => stored.has(i.id));
  }

  /**
   * The ids go as one array parameter, so every group size shares one statement text, parsed and
   * planned once per connection.
   */
  private async readGroup(ids: string[]): Promise<Array<Order | null>> {
    const found = await this.db
      .getRepository(Order)
      .createQueryBuilder('o')
      .where('o.id = ANY(CAST(:ids AS uuid[]))', { ids: [...new Set(ids)] })
      .getMany();
    const byId = new Map(found.map((o) => [o.id, o]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private async removeGroup(ids: string[]): Promise<void[]> {
    await this.db.query(`DELETE FROM orders WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [ids]);
    return ids.map(() => undefined);
  }

  private async acceptGroup(ids: string[]): Promise<void[]> {
    await this.db.query('UPDATE orders SET accepted_at = $2 WHERE id = ANY($1::uuid[])', [ids, new Date()]);
    return ids.map(() => undefined);
  }
}
