import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { AuthenticatedAccount } from '@app/accounts';
import { accountsConfig, AccountsConfig } from '@app/config';
import { LaunchCatalog, Token, TokenRegistry } from '@app/dex';
import { EngineMetrics } from '@app/observability';
import { ExecuteOrderDto } from './dto/execute-order.dto';
import { DEFAULT_PAGE_SIZE, ListOrdersQuery } from './dto/list-orders.query';
import { decodeCursor, encodeCursor } from './domain/order-cursor';
import {
  IdempotencyKeyReusedError,
  OrderNotFoundError,
  OrderValidationError,
  StopPriceReachedError,
  TooManyOpenOrdersError,
} from './domain/order-errors';
import { fairQueuePriority } from './domain/fair-queue';
import { isOrderId, newOrderId } from './domain/order-id';
import { OrderRequest, parseOrderRequest } from './domain/order-request';
import { OrderEventMessage, OrderView, toOrderView } from './domain/order-view';
import { requestHash } from './domain/request-hash';
import { Order } from './entities/order.entity';
import { MarketPrices } from './market-prices';
import { OpenOrders } from './open-orders';
import { ORDER_DISPATCHER, OrderDispatcher } from './order-dispatcher';
import { OrderEventsPublisher } from './events/order-events.publisher';
import { OrderEventsRepository } from './persistence/order-events.repository';
import { OrdersRepository } from './persistence/orders.repository';

/** Who places an order: an account and its cap on open orders (0 = none). */
export type OrderOwner = Pick<AuthenticatedAccount, 'id'> & { limits: Pick<AuthenticatedAccount['limits'], 'maxOpenOrders'> };

export interface CreatedOrder {
  orderId: string;
  /** True when an Idempotency-Key repeat returned an order created by an earlier request. */
  replayed: boolean;
}

export interface OrderPage {
  items: OrderView[];
  nextCursor: string | null;
}

/** Accepting and reading orders, always within one account. Status changes live in OrderTransitions. */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);

  constructor(
    private readonly repository: OrdersRepository,
    private readonly eventStore: OrderEventsRepository,
    private readonly openOrders: OpenOrders,
    private readonly prices: MarketPrices,
    private readonly tokens: TokenRegistry,
    private readonly launches: LaunchCatalog,
    @Inject(ORDER_DISPATCHER) private readonly dispatcher: OrderDispatcher,
    private readonly publisher: OrderEventsPublisher,
    @Inject(accountsConfig.KEY) private readonly accounts: AccountsConfig,
    @Optional() private readonly metrics?: EngineMetrics,
  ) {}

  /**
   * Accepts an order: once the statement that stores it with its first event has committed, the
   * order is accepted and the caller answers 202. Its job is then enqueued without the caller
   * waiting; if that fails (Redis away, the process dies), the reconciler enqueues it later. An
   * accepted order is never removed.
   *
   * With an idempotency key (unique within the account), a repeat of the same request gets the
   * original order back (`replayed`); a repeat with a different request, IdempotencyKeyReusedError.
   */
  async create(owner: OrderOwner, dto: ExecuteOrderDto, idempotencyKey?: string): Promise<CreatedOrder> {
    const createdAt = new Date();
    const launchOf = (token: Token) => {
      const launch = this.launches.get(token.mint);
      return launch && { launchAt: launch.launchAtMs, tradable: this.launches.isTradable(token.mint, createdAt.getTime()) };
    };
    const request = parseOrderRequest(dto, this.tokens, { now: createdAt, launchOf });
    const hash = idempotencyKey === undefined ? null : requestHash(request);
    const cap = owner.limits.maxOpenOrders;
    if (cap > 0 && (await this.openOrders.count(owner.id)) >= cap) {
      // A retry of an order that was accepted before the cap was reached still gets its order.
      if (idempotencyKey !== undefined) {
        const original = await this.repository.findByIdempotencyKey(owner.id, idempotencyKey);
        if (original) return this.replay(original, hash!);
      }
      throw new TooManyOpenOrdersError(cap);
    }
    if (request.terms.type === 'stop') await this.refuseStopAlreadyReached(request);
    const id = newOrderId(createdAt.getTime());
    const { terms } = request;
    const stored = await this.repository.insert({
      id,
      accountId: owner.id,
      type: terms.type,
      tokenIn: request.tokenIn.symbol,
      tokenOut: request.tokenOut.symbol,
      amountIn: request.amountIn,
      slippageBps: request.slippageBps,
      triggerPrice: terms.trigger?.text ?? null,
      minOutFloor: terms.floorOut ?? null,
      maxPrice: terms.maxPrice?.text ?? null,
      expiresAt: terms.expiresAt ?? null,
      priorityFee: terms.fees?.priorityFee?.toString() ?? null,
      maxPriorityFeeLamports: terms.fees?.maxPriorityFeeLamports ?? null,
      jitoTipLamports: terms.fees?.jitoTipLamports ?? null,
      idempotencyKey: idempotencyKey ?? null,
      requestHash: hash,
      createdAt,
    });
    if (!stored) {
      // The key's order committed before this statement ran, so it is there to read.
      const original = await this.repository.findByIdempotencyKey(owner.id, idempotencyKey!);
      return this.replay(original!, hash!);
    }
    this.publisher.publishAccepted({ orderId: id, seq: 1, status: 'pending', attempt: 0, at: createdAt.toISOString() }, owner.id);
    this.metrics?.orderAccepted(terms.type);
    this.dispatch(owner.id, id, terms.type !== 'market');
    return { orderId: id, replayed: false };
  }

  /**
   * Enqueues an accepted order in the fair queue, by the account's open orders before it, without
   * holding the caller's answer; a failure is logged and left to the reconciler.
   */
  private dispatch(accountId: string, orderId: string, removeOnFinish: boolean): void {
    this.openOrders
      .count(accountId)
      .then((open) => {
        this.openOrders.noteAccepted(accountId);
        const priority = fairQueuePriority(open, this.accounts.fairQueueThreshold);
        return this.dispatcher.dispatch(orderId, { priority, removeOnFinish });
      })
      .catch((err: Error) => {
        this.logger.warn(`order ${orderId} is accepted but not yet enqueued (${err.message}); the reconciler will enqueue it`);
      });
  }

  /** A stop placed at or under the market would sell at once: refused (422) with the market price. */
  private async refuseStopAlreadyReached(request: OrderRequest): Promise<void> {
    const price = await this.prices.current(request.tokenIn, request.tokenOut);
    const trigger = request.terms.trigger!;
    if (price.scaled <= trigger.scaled) throw new StopPriceReachedError(trigger.text, price.text);
  }

  private replay(original: { id: string; requestHash: string }, hash: string): CreatedOrder {
    if (original.requestHash !== hash) throw new IdempotencyKeyReusedError(original.id);
    return { orderId: original.id, replayed: true };
  }

  /** The account's order; another account's order is not found, as if it did not exist. */
  async findOne(accountId: string, id: string): Promise<OrderView> {
    return toOrderView(await this.getOwnOrder(accountId, id), this.tokens);
  }

  /** Whether the order exists and belongs to the account (one grouped read of its owner). */
  async isOwnedBy(accountId: string, id: string): Promise<boolean> {
    return isOrderId(id) && (await this.repository.ownerOf(id)) === accountId;
  }

  async getOwnOrder(accountId: string, id: string): Promise<Order> {
    const order = await this.getOrder(id);
    if (order.accountId !== accountId) throw new OrderNotFoundError(id);
    return order;
  }

  /** The stored order, or OrderNotFoundError (also for ids that are not UUIDs: validate first). */
  async getOrder(id: string): Promise<Order> {
    const order = isOrderId(id) ? await this.repository.findById(id) : null;
    if (!order) throw new OrderNotFoundError(id);
    return order;
  }

  /** The account's orders, newest first, keyset-paginated on (created_at, id). */
  async list(accountId: string, query: ListOrdersQuery): Promise<OrderPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !after) {
      throw new OrderValidationError([
        { field: 'cursor', rule: 'cursor', message: 'cursor must be a nextCursor value returned by this API' },
      ]);
    }
    const rows = await this.repository.listPage({ accountId, rows: limit + 1, after, status: query.status });
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
