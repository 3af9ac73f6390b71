import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { LOST_CONNECTION_RETRY, MicroBatcher } from '@app/common';
import { edgeConfig, EdgeConfig } from '@app/config';
import { isRowLevelError, liveOnRetry } from '@app/database';
import { OrderCursor } from '../domain/order-cursor';
import { CANCELLABLE_STATUSES, OrderStatus, SQL_NOT_TERMINAL } from '../domain/order-status';
import { OrderType } from '../domain/order-type';
import { Order } from '../entities/order.entity';
import { STATEMENT_GROUP } from './statement-group';

/** An accepted order as it is first stored, with its first event. */
export interface NewOrder {
  id: string;
  accountId: string;
  type: OrderType;
  tokenIn: string;
  tokenOut: string;
  amountIn: bigint;
  slippageBps: number;
  triggerPrice: string | null;
  minOutFloor: bigint | null;
  maxPrice: string | null;
  expiresAt: Date | null;
  priorityFee: string | null;
  maxPriorityFeeLamports: bigint | null;
  jitoTipLamports: bigint | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  createdAt: Date;
}

/** What an Idempotency-Key repeat is compared with. */
export interface KeyedOrder {
  id: string;
  requestHash: string;
}

export interface OrderPageQuery {
  accountId: string;
  /** Rows to read: a page's size plus one, to tell whether another page follows. */
  rows: number;
  after?: OrderCursor;
  status?: OrderStatus;
}

/** A non-terminal order the reconciler looks at; `version` is its updated_at, exact, for compare-and-set. */
export interface StaleOrder {
  id: string;
  status: OrderStatus;
  attempt: number;
  recoveries: number;
  version: string;
}

/**
 * What a listing reads: the columns of the order view, not `execution` (the stored transaction,
 * kept out of line, which no view shows).
 */
const LISTED_COLUMNS = [
  'id', 'number', 'tokenIn', 'tokenOut', 'amountIn', 'slippageBps', 'status', 'attempt', 'lastSeq', 'venue', 'route',
  'minAmountOut', 'amountOut', 'txHash', 'error', 'errorCode', 'createdAt', 'updatedAt', 'accountId', 'type',
  'triggerPrice', 'maxPrice', 'expiresAt', 'priorityFee', 'maxPriorityFeeLamports', 'jitoTipLamports', 'feeLamports',
].map((property) => `o.${property}`);

const NOT_TERMINAL = SQL_NOT_TERMINAL;

/**
 * Accepting, reading, listing and recovering orders: every statement on `orders` but the status
 * changes (OrderTransitionsRepository) and the event reads (OrderEventsRepository). Statements that
 * many callers issue at once are grouped: concurrent calls share one statement, one round trip and
 * one commit (see MicroBatcher), and each caller still gets its own row's outcome.
 */
@Injectable()
export class OrdersRepository {
  private readonly inserts: MicroBatcher<NewOrder, boolean>;
  private readonly reads: MicroBatcher<string, Order | null>;
  private readonly owners: MicroBatcher<string, string | null>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(edgeConfig.KEY) edge: EdgeConfig,
  ) {
    const maxWaiting = edge.groupQueueLimit;
    this.inserts = new MicroBatcher(liveOnRetry(db, (items: NewOrder[], r) => this.insertGroup(items, r)), {
      // Up to 500 accepts a statement: a row per order and its event.
      maxBatch: 500,
      maxInFlight: 4,
      // A row the statement refuses must not fail the other orders. A lost connection is tried once
      // more on a fresh one: ids and timestamps are fixed, and a row the first try committed
      // conflicts on its id and is found, not written twice.
      retryItemsAloneWhen: isRowLevelError,
      ...LOST_CONNECTION_RETRY,
      maxWaiting,
      name: 'order inserts',
    });
    // A read is tried once more on a fresh connection when its own was lost: it changes nothing.
    const reads = { ...STATEMENT_GROUP, maxWaiting, ...LOST_CONNECTION_RETRY };
    const readGroup = liveOnRetry(db, (ids: string[], r) => this.readGroup(ids, r));
    this.reads = new MicroBatcher(readGroup, { ...reads, name: 'order reads' });
    const ownerGroup = liveOnRetry(db, (ids: string[], r) => this.ownerGroup(ids, r));
    this.owners = new MicroBatcher(ownerGroup, { ...reads, name: 'order owners' });
  }

  /**
   * Stores the order and its first event (`pending`, seq 1) in one statement: once it commits the
   * order is accepted (`accepted_at`, from the database's clock), and dispatching it is the
   * reconciler's duty if nothing else does it. False when the account already used its
   * idempotency key (nothing stored).
   */
  insert(order: NewOrder): Promise<boolean> {
    return this.inserts.add(order);
  }

  /** The order by id, or null; concurrent reads share one statement. */
  findById(id: string): Promise<Order | null> {
    return this.reads.add(id);
  }

  /** The account an order belongs to, or null when there is no such order; concurrent reads share one statement. */
  ownerOf(id: string): Promise<string | null> {
    return this.owners.add(id);
  }

  async findByIdempotencyKey(accountId: string, key: string): Promise<KeyedOrder | undefined> {
    const rows: Array<{ id: string; request_hash: string }> = await this.db.query(
      'SELECT id, request_hash FROM orders WHERE account_id = $1 AND idempotency_key = $2',
      [accountId, key],
    );
    return rows[0] && { id: rows[0].id, requestHash: rows[0].request_hash };
  }

  /** The account's orders that are not terminal (one partial-index range). */
  async countOpen(accountId: string): Promise<number> {
    const rows: Array<{ n: number }> = await this.db.query(
      `SELECT count(*)::int AS n FROM orders WHERE account_id = $1 AND ${NOT_TERMINAL}`,
      [accountId],
    );
    return rows[0].n;
  }

  /** The status of each of the account's orders among `ids`; another account's and unknown ids are absent. */
  statusesOf(accountId: string, ids: readonly string[]): Promise<Array<{ id: string; status: OrderStatus }>> {
    return this.db.query('SELECT id, status FROM orders WHERE id = ANY($1::uuid[]) AND account_id = $2', [ids, accountId]);
  }

  /**
   * Up to `limit` of the account's orders that may still be cancelled, by id after `afterId`: a
   * range of the account's open-orders index.
   */
  async cancellableIds(accountId: string, afterId: string | null, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM orders
        WHERE account_id = $1 AND ${NOT_TERMINAL} AND status = ANY($2::text[]) AND ($3::uuid IS NULL OR id > $3::uuid)
        ORDER BY id LIMIT $4`,
      [accountId, CANCELLABLE_STATUSES, afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /** One account's orders, newest first on (created_at, id): every page is one index range scan. */
  listPage(query: OrderPageQuery): Promise<Order[]> {
    const qb = this.db
      .getRepository(Order)
      .createQueryBuilder('o')
      .select(LISTED_COLUMNS)
      .where('o.account_id = :account', { account: query.accountId })
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(query.rows);
    if (query.after) qb.andWhere('(o.created_at, o.id) < (:at, :id)', { at: query.after.createdAt, id: query.after.id });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    return qb.getMany();
  }

  /**
   * Up to `limit` non-terminal orders unchanged for `olderThanMs` (by the database's clock),
   * oldest first, after `after` (the previous page's last): a pass pages through them by key and
   * never reads the same ones twice. No locks: the caller claims with `claimStale`.
   */
  async findStale(olderThanMs: number, after: StaleOrder | undefined, limit: number): Promise<StaleOrder[]> {
    return this.db.query(
      `SELECT id, status, attempt, recoveries, updated_at::text AS version FROM orders
        WHERE ${NOT_TERMINAL} AND updated_at < now() - make_interval(secs => $1::float8 / 1000)
          -- A waiting order has no job until its trigger fires: that is not a lost job.
          AND NOT (status = 'waiting' AND triggered_at IS NULL)
          AND ($2::timestamptz IS NULL OR (updated_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY updated_at, id LIMIT $4`,
      [olderThanMs, after?.version ?? null, after?.id ?? null, limit],
    );
  }

  /**
   * Counts a recovery of each order that is still as it was read (its updated_at unchanged, so no
   * worker and no other reconciler touched it since): a compare-and-set, so among concurrent
   * reconcilers exactly one claims an order. Returns the claimed ones.
   */
  async claimStale(orders: StaleOrder[]): Promise<StaleOrder[]> {
    if (orders.length === 0) return [];
    // A CTE, because TypeORM answers a bare UPDATE with [rows, count] instead of the rows.
    return this.db.query(
      `WITH claimed AS (
         UPDATE orders o SET recoveries = o.recoveries + 1, updated_at = now()
           FROM unnest($1::uuid[], $2::timestamptz[]) AS c(id, seen)
          WHERE o.id = c.id AND o.updated_at = c.seen AND o.${NOT_TERMINAL}
          RETURNING o.id, o.status, o.attempt, o.recoveries, o.updated_at::text AS version
       )
       SELECT * FROM claimed`,
      [orders.map((o) => o.id), orders.map((o) => o.version)],
    );
  }

  /**
   * `retryOn`: the connection of a retry, when an earlier try of this group may have committed.
   * Any conflict (the id, or the account's idempotency key) stores nothing; on a retry, an order
   * whose id is already stored is one the earlier try committed, and is answered as stored.
   */
  private async insertGroup(items: NewOrder[], retryOn?: QueryRunner): Promise<boolean[]> {
    const retry = retryOn !== undefined;
    const nullable = (v: bigint | null) => (v === null ? null : v.toString());
    const rows: Array<{ order_id: string }> = await this.db.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::numeric[], $6::int[],
                              $7::varchar[], $8::varchar[], $9::timestamptz[], $10::varchar[], $11::numeric[],
                              $12::numeric[], $13::numeric[], $14::timestamptz[], $15::varchar[], $16::numeric[], $17::numeric[])
                AS i(id, account_id, token_in, token_out, amount_in, slippage_bps, idempotency_key, request_hash, created_at,
                     type, trigger_price, min_out_floor, max_price, expires_at, priority_fee, jito_tip_lamports,
                     max_priority_fee_lamports)
       ), o AS (
         INSERT INTO orders (id, account_id, token_in, token_out, amount_in, slippage_bps, status, attempt, last_seq,
                             idempotency_key, request_hash, accepted_at, created_at, updated_at, type, trigger_price,
                             min_out_floor, max_price, expires_at, priority_fee, jito_tip_lamports, max_priority_fee_lamports)
         SELECT id, account_id, token_in, token_out, amount_in, slippage_bps, 'pending', 0, 1, idempotency_key,
                request_hash, now(), created_at, created_at, type, trigger_price, min_out_floor, max_price, expires_at,
                priority_fee, jito_tip_lamports, max_priority_fee_lamports
         FROM input
         ON CONFLICT DO NOTHING
         RETURNING id, created_at
       )
       INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
       SELECT id, 1, 'pending', 0, '{}'::jsonb, created_at FROM o RETURNING order_id`,
      [
        items.map((i) => i.id),
        items.map((i) => i.accountId),
        items.map((i) => i.tokenIn),
        items.map((i) => i.tokenOut),
        items.map((i) => i.amountIn.toString()),
        items.map((i) => i.slippageBps),
        items.map((i) => i.idempotencyKey),
        items.map((i) => i.requestHash),
        items.map((i) => i.createdAt),
        items.map((i) => i.type),
        items.map((i) => i.triggerPrice),
        items.map((i) => nullable(i.minOutFloor)),
        items.map((i) => i.maxPrice),
        items.map((i) => i.expiresAt),
        items.map((i) => i.priorityFee),
        items.map((i) => nullable(i.jitoTipLamports)),
        items.map((i) => nullable(i.maxPriorityFeeLamports)),
      ],
      retryOn,
    );
    const stored = new Set(rows.map((r) => r.order_id));
    const absent = items.filter((i) => !stored.has(i.id)).map((i) => i.id);
    if (retry && absent.length > 0) {
      const found: Array<{ id: string }> = await this.db.query(
        'SELECT id FROM orders WHERE id = ANY($1::uuid[])',
        [absent],
        retryOn,
      );
      for (const { id } of found) stored.add(id);
    }
    return items.map((i) => stored.has(i.id));
  }

  private async ownerGroup(ids: string[], runner?: QueryRunner): Promise<Array<string | null>> {
    const rows: Array<{ id: string; account_id: string }> = await this.db.query(
      'SELECT id, account_id FROM orders WHERE id = ANY($1::uuid[])',
      [[...new Set(ids)]],
      runner,
    );
    const byId = new Map(rows.map((r) => [r.id, r.account_id]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * The ids go as one array parameter, so every group size shares one statement text, parsed and
   * planned once per connection.
   */
  private async readGroup(ids: string[], runner?: QueryRunner): Promise<Array<Order | null>> {
    const found = await this.db
      .getRepository(Order)
      .createQueryBuilder('o', runner)
      .where('o.id = ANY(CAST(:ids AS uuid[]))', { ids: [...new Set(ids)] })
      .getMany();
    const byId = new Map(found.map((o) => [o.id, o]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
