/** The Redis connection that publishes order events (a plain, non-subscriber connection). */
export const ORDER_EVENTS_REDIS = Symbol('ORDER_EVENTS_REDIS');

/** Channel of one order's live events; prefixed so engines sharing a Redis stay apart. */
export function orderChannel(prefix: string, orderId: string): string {
  return `${prefix}:order-events:${orderId}`;
}

/** Channel of every event of one account's orders (the firehose), published only while watched. */
export function accountChannel(prefix: string, accountId: string): string {
  return `${prefix}:account-events:${accountId}`;
}

/** Sorted set of the accounts some API process streams a firehose of (see FirehoseWatch). */
export function watchedAccountsKey(prefix: string): string {
  return `${prefix}:firehose-watched`;
}
