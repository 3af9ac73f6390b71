/**
 * A log line about one order's execution: the engine's logger puts `orderId` and `attempt` on the
 * line as fields (docs/observability.md), so every line of an order can be found by its id.
 */
export function orderLine(orderId: string, attempt: number | undefined, msg: string): Record<string, unknown> {
  return attempt === undefined ? { orderId, msg } : { orderId, attempt, msg };
}
