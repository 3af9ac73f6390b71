import { Injectable, Optional } from '@nestjs/common';
import { EngineMetrics } from '@app/observability';
import { IllegalTransitionError } from './domain/order-errors';
import { canTransition, isTerminal, OrderStatus } from './domain/order-status';
import { eventMessage, OrderEventMessage } from './domain/order-view';
import { OrderEventsPublisher } from './events/order-events.publisher';
import { JsonColumn, OrderPatch, OrderTransitionsRepository } from './persistence/order-transitions.repository';

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
  /** Only if the order's trigger has not fired (a waiting order whose job is not dispatched yet). */
  onlyIfUntriggered?: boolean;
  set?: OrderPatch;
  /**
   * JSON columns to store the event's details in, less the keys named: a value the event already
   * carries goes to the database once instead of twice. Takes precedence over `set`.
   */
  storeDetailsIn?: Partial<Record<JsonColumn, { except: readonly string[] }>>;
  /**
   * JSON columns to merge these top-level keys into (the rest kept as stored, not sent again); a
   * column that is null becomes this object. Takes precedence over `set`.
   */
  mergeIntoJson?: Partial<Record<JsonColumn, Record<string, unknown>>>;
  /** Event details: stored with the event and sent to clients. */
  details?: Record<string, unknown>;
}

/**
 * The order state machine: checks a change against the legal path, has the repository make it
 * (conditionally on the stored status, with the next numbered event, in one statement), and
 * publishes the event only after it committed.
 */
@Injectable()
export class OrderTransitions {
  constructor(
    private readonly repository: OrderTransitionsRepository,
    private readonly publisher: OrderEventsPublisher,
    @Optional() private readonly metrics?: EngineMetrics,
  ) {}

  async transition(orderId: string, req: TransitionRequest): Promise<OrderEventMessage> {
    const from: readonly OrderStatus[] = typeof req.from === 'string' ? [req.from] : req.from;
    for (const status of from) {
      if (!canTransition(status, req.to)) throw new IllegalTransitionError(orderId, req.to, status);
    }
    const at = new Date();
    const details = req.details ?? {};
    const outcome = await this.repository.move({
      orderId,
      from,
      to: req.to,
      expectedSeq: req.expectedSeq,
      onlyIfUntriggered: req.onlyIfUntriggered,
      attempt: req.attempt,
      set: req.set ?? {},
      detailsInto: req.storeDetailsIn && exceptLists(req.storeDetailsIn),
      mergeInto: req.mergeIntoJson,
      details,
      at,
    });
    if (!outcome.moved) throw new IllegalTransitionError(orderId, req.to, outcome.status);
    const core = { orderId, seq: outcome.seq, status: req.to, attempt: outcome.attempt, at: at.toISOString() };
    const event = eventMessage(core, details);
    this.metrics?.orderMoved({
      type: outcome.type,
      status: req.to,
      terminal: isTerminal(req.to),
      acceptedAt: outcome.acceptedAt,
      at,
      code: req.set?.errorCode,
    });
    await this.publisher.publish(event, outcome.accountId);
    return event;
  }

  /**
   * Notes why an attempt failed while a retry is still to come. No status change and no event:
   * the next attempt's `routing` event reports it as `retryOf`.
   */
  noteAttemptFailure(orderId: string, code: string, message: string): Promise<void> {
    return this.repository.noteAttemptFailure(orderId, code, message);
  }
}

function exceptLists(spec: NonNullable<TransitionRequest['storeDetailsIn']>): Partial<Record<JsonColumn, readonly string[]>> {
  const out: Partial<Record<JsonColumn, readonly string[]>> = {};
  for (const [column, { except }] of Object.entries(spec) as Array<[JsonColumn, { except: readonly string[] }]>) {
    out[column] = except;
  }
  return out;
}
