/**
 * An order's statuses. A market order takes the mission's one legal path:
 * pending → routing → building → submitted → confirmed | failed. A trigger order (limit, stop,
 * sniper) waits in `waiting` between pending and routing until its trigger fires, and may end
 * `cancelled` or `expired` instead.
 */
export const ORDER_STATUSES = [
  'pending', 'waiting', 'routing', 'building', 'submitted', 'confirmed', 'failed', 'cancelled', 'expired',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TERMINAL_STATUSES: readonly OrderStatus[] = ['confirmed', 'failed', 'cancelled', 'expired'];

/** The statuses a cancel may stop: nothing has been sent to the chain yet. */
export const CANCELLABLE_STATUSES: readonly OrderStatus[] = ['pending', 'waiting', 'routing', 'building'];

/** `status NOT IN (…terminal…)`, for the statements that look at open orders. */
export const SQL_NOT_TERMINAL = `status NOT IN (${TERMINAL_STATUSES.map((s) => `'${s}'`).join(', ')})`;

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/**
 * Which status may follow which. A retry goes back from any in-flight step to `routing` (with the
 * attempt number raised); a trigger order whose trigger no longer holds (the limit price moved
 * away, its swap would breach the limit) goes back to `waiting`; any non-terminal status may end
 * in `failed`, and any status before `submitted` in `cancelled`; only a waiting order expires.
 * Terminal statuses never move.
 */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['routing', 'waiting', 'failed', 'cancelled'],
  waiting: ['routing', 'failed', 'cancelled', 'expired'],
  routing: ['building', 'routing', 'waiting', 'failed', 'cancelled'],
  building: ['submitted', 'routing', 'waiting', 'failed', 'cancelled'],
  submitted: ['confirmed', 'routing', 'waiting', 'failed'],
  confirmed: [],
  failed: [],
  cancelled: [],
  expired: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses an order may be in for `to` to be its next status. */
export function predecessorsOf(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canTransition(from, to));
}
