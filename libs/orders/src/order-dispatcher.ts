/** How a job is queued: `priority` as BullMQ takes it (none: the plain FIFO list, served first). */
export interface DispatchOptions {
  priority?: number;
  /**
   * Remove the job from Redis once it finishes: a trigger order is dispatched more than once
   * (armed, then each time its trigger fires), always with jobId = orderId, which BullMQ would
   * refuse to add again while a finished job holds it.
   */
  removeOnFinish?: boolean;
  /** Attempts the order made under earlier jobs (a re-triggered limit): its attempt count continues. */
  attemptsBefore?: number;
}

/**
 * Hands a stored order to execution. The orders library defines the port; the execution library
 * implements it on the BullMQ queue, so that orders never depends on execution.
 */
export interface OrderDispatcher {
  /**
   * Enqueues the order's job (idempotent per order id; concurrent calls may share one round
   * trip). Rejects when the queue cannot take it.
   */
  dispatch(orderId: string, options?: DispatchOptions): Promise<void>;
}

export const ORDER_DISPATCHER = Symbol('ORDER_DISPATCHER');
