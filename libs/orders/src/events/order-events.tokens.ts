/** The Redis connection that publishes order events (a plain, non-subscriber connection). */
export const ORDER_EVENTS_REDIS = Symbol('ORDER_EVENTS_REDIS');

/** Channel of one order's live events; prefixed so engines sharing a Redis stay apart. */
export function orderChannel(prefix: string, orderId: string): string {
  return `${prefix}:order-events:${orderId}`;
}
