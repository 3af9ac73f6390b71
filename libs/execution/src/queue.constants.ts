/** The one queue of order executions and its job name. */
export const ORDERS_QUEUE = 'orders';
export const EXECUTE_ORDER_JOB = 'execute';

/** Payload of an execute job; the job id is the order id, so enqueueing twice is a no-op. */
export interface ExecuteOrderJob {
  orderId: string;
  /**
   * Attempts the order made under an earlier job (set when the reconciler enqueues it again), so
   * attempt numbers continue and the order never gets more than ORDER_ATTEMPTS in all.
   */
  attemptsBefore?: number;
}

/** Completed jobs kept for inspection; older ones are removed so Redis memory stays bounded. */
export const KEEP_COMPLETED = { count: 1000, age: 3600 };
export const KEEP_FAILED = { count: 5000, age: 7 * 24 * 3600 };
