import { Injectable } from '@nestjs/common';
import { TokenRegistry } from '@app/dex';
import { IllegalTransitionError, OrderNotCancellableError, OrderNotFoundError } from './domain/order-errors';
import { isOrderId } from './domain/order-id';
import { CANCELLABLE_STATUSES, OrderStatus } from './domain/order-status';
import { OrderView, toOrderView } from './domain/order-view';
import { OrderTransitions } from './order-transitions.service';
import { OrdersRepository } from './persistence/orders.repository';

/** How many orders one request of POST /api/orders/cancel may name. */
export const MAX_CANCEL_IDS = 1000;
/** Orders a cancel-all moves per round (their status changes share statements of up to 200). */
const CANCEL_ALL_PAGE = 500;

export interface NotCancellable {
  orderId: string;
  status: OrderStatus;
}

/** What a bulk cancel did: every order named (or every open order) in exactly one list. */
export interface CancelOutcome {
  /** Orders now cancelled, including ones that already were. */
  cancelled: string[];
  /** Orders already submitted or ended otherwise, with their status. */
  notCancellable: NotCancellable[];
  /** Ids that name no order of the account. */
  notFound: string[];
}

const REASON = 'cancelled by the account';

/**
 * Cancelling orders that have not reached the chain. A cancel is one compare-and-set from the
 * cancellable statuses to `cancelled`, and the worker's `submitted` step is a compare-and-set on
 * the order's event count written before the transaction is sent: exactly one of the two wins, so
 * either the swap is never sent or the cancel answers 409.
 */
@Injectable()
export class OrderCancellation {
  constructor(
    private readonly repository: OrdersRepository,
    private readonly transitions: OrderTransitions,
    private readonly tokens: TokenRegistry,
  ) {}

  /**
   * Cancels one of the account's orders and returns it. Already cancelled: returned as it is
   * (a repeated cancel answers the same). Submitted or ended otherwise: OrderNotCancellableError.
   */
  async cancel(accountId: string, id: string): Promise<OrderView> {
    const order = isOrderId(id) ? await this.repository.findById(id) : null;
    if (!order || order.accountId !== accountId) throw new OrderNotFoundError(id);
    if (order.status !== 'cancelled') {
      const status = await this.move(id, order.status);
      if (status !== 'cancelled') throw new OrderNotCancellableError(id, status);
    }
    return toOrderView((await this.repository.findById(id))!, this.tokens);
  }

  /** Cancels the account's orders named by `ids`, or all its open orders when `ids` is omitted. */
  async cancelMany(accountId: string, ids?: readonly string[]): Promise<CancelOutcome> {
    const outcome: CancelOutcome = { cancelled: [], notCancellable: [], notFound: [] };
    if (ids === undefined) {
      for (let after: string | null = null; ; ) {
        const page = await this.repository.cancellableIds(accountId, after, CANCEL_ALL_PAGE);
        await this.moveAll(page.map((id) => ({ id, status: 'pending' as OrderStatus })), outcome);
        if (page.length < CANCEL_ALL_PAGE) return outcome;
        after = page[page.length - 1];
      }
    }
    const unique = [...new Set(ids)];
    const found = await this.repository.statusesOf(accountId, unique);
    const seen = new Set(found.map((o) => o.id));
    outcome.notFound = unique.filter((id) => !seen.has(id));
    await this.moveAll(found, outcome);
    return outcome;
  }

  private async moveAll(orders: Array<{ id: string; status: OrderStatus }>, outcome: CancelOutcome): Promise<void> {
    // Concurrent moves share status-change statements (the repository groups them).
    const statuses = await Promise.all(orders.map((o) => (o.status === 'cancelled' ? o.status : this.move(o.id, o.status))));
    orders.forEach((o, i) => {
      if (statuses[i] === 'cancelled') outcome.cancelled.push(o.id);
      else outcome.notCancellable.push({ orderId: o.id, status: statuses[i] });
    });
  }

  /**
   * Moves the order to `cancelled` if its stored status allows it; the status it ends in.
   * `seen` is only a hint: the statement decides on the stored status.
   */
  private async move(id: string, seen: OrderStatus): Promise<OrderStatus> {
    if (!CANCELLABLE_STATUSES.includes(seen)) return seen;
    try {
      await this.transitions.transition(id, {
        from: CANCELLABLE_STATUSES,
        to: 'cancelled',
        set: { error: null, errorCode: null },
        details: { reason: REASON },
      });
      return 'cancelled';
    } catch (err) {
      if (err instanceof IllegalTransitionError && err.actual !== undefined) return err.actual as OrderStatus;
      throw err;
    }
  }
}
