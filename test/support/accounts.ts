import { PUBLIC_ACCOUNT_ID } from '@app/accounts';
import type { OrderOwner } from '@app/orders';

/** The built-in account, with no cap on open orders: what suites that drive OrdersService act as. */
export const PUBLIC_OWNER: OrderOwner = { id: PUBLIC_ACCOUNT_ID, limits: { maxOpenOrders: 0 } };
