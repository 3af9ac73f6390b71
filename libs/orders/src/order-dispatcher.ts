/** How a job is queued: `priority` as BullMQ takes it (none: the plain FIFO list, served first). */
export interface DispatchOptions {
  priority?: number;
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
