/**
 * Hands a stored order to execution. The orders library defines the port; the execution library
 * implements it on the BullMQ queue, so that orders never depends on execution.
 */
export interface OrderDispatcher {
  /**
   * Enqueues the jobs of these orders in one round trip (idempotent per order id); rejects when
   * the queue cannot take them, in which case none may be counted as enqueued.
   */
  dispatch(orderIds: readonly string[]): Promise<void>;
}

export const ORDER_DISPATCHER = Symbol('ORDER_DISPATCHER');
