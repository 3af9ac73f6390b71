/** BullMQ's lowest priority (its priorities run from 1, the highest, to 2^21). */
const LOWEST_PRIORITY = 2 ** 21;

/**
 * The queue priority of a new order of an account that holds `openOrders` non-terminal orders.
 * Below the threshold: none, so the job joins the plain FIFO list, which BullMQ serves before any
 * prioritized job. From the threshold on, a priority that grows with the logarithm of the backlog
 * (1 at the threshold, 2 at twice it, 3 at four times…): an account's flood queues behind the
 * orders of lighter accounts, and a larger flood behind a smaller one, while each account's own
 * orders keep their order within one priority. Jobs that wait too long are promoted by the
 * reconciler, so no order waits forever behind others.
 */
export function fairQueuePriority(openOrders: number, threshold: number): number | undefined {
  if (openOrders < threshold) return undefined;
  return Math.min(LOWEST_PRIORITY, 1 + Math.floor(Math.log2(openOrders / threshold)));
}
