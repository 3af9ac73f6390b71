import { Logger } from '@nestjs/common';
import { Order, OrderTransitions, TransitionRequest } from '@app/orders';
import { orderLine } from './order-log';

const logger = new Logger('Execution');

/** One run of one job over one order. */
export interface Run {
  order: Order;
  /**
   * The order's event count as this run last saw or wrote it: every transition is conditional on
   * it, so a run that another run overtook (or a cancel) stops at its next step instead of moving
   * the order again.
   */
  lastSeenSeq: number;
}

/** One step of the run: a transition conditional on the run's view of the order. */
export async function moveRun(transitions: OrderTransitions, run: Run, req: TransitionRequest): Promise<void> {
  const event = await transitions.transition(run.order.id, { ...req, expectedSeq: run.lastSeenSeq });
  run.lastSeenSeq = event.seq;
  run.order.status = req.to;
  // Each step of an order at LOG_LEVEL=debug, findable by its id.
  logger.debug(orderLine(run.order.id, event.attempt, `order ${run.order.id} is ${req.to}`));
}

/**
 * A triggered order's price no longer meets its trigger when its job quotes it (the market moved
 * between the trigger and the job): it waits again, nothing sent.
 */
export class TriggerNoLongerMetError extends Error {
  constructor(readonly quotedOut: bigint) {
    super('the price moved away from the trigger before the order was routed');
  }
}
