/** The built-in account: requests without a key act as it in AUTH_MODE=open. */
export const PUBLIC_ACCOUNT_ID = '00000000-0000-4000-8000-000000000000';
export const PUBLIC_ACCOUNT_NAME = 'public';

/** What an account may do per second and at once; 0 = no limit. */
export interface AccountLimits {
  ordersPerSecond: number;
  readsPerSecond: number;
  maxOpenOrders: number;
}

/** Who a request acts for, once its key (or the lack of one) was checked. */
export interface AuthenticatedAccount {
  id: string;
  name: string;
  /** Whether the key may use operator endpoints (simulation controls, queue views). */
  admin: boolean;
  limits: AccountLimits;
  /** The id of the key the request presented; null for the built-in account without a key. */
  keyId: string | null;
}

/** An account's own limits where it has them, the engine's defaults elsewhere. */
export function effectiveLimits(
  own: { ordersPerSecond: number | null; readsPerSecond: number | null; maxOpenOrders: number | null },
  defaults: AccountLimits,
): AccountLimits {
  return {
    ordersPerSecond: own.ordersPerSecond ?? defaults.ordersPerSecond,
    readsPerSecond: own.readsPerSecond ?? defaults.readsPerSecond,
    maxOpenOrders: own.maxOpenOrders ?? defaults.maxOpenOrders,
  };
}
