/** The one legal path of an order: pending → routing → building → submitted → confirmed | failed. */
export const ORDER_STATUSES = ['pending', 'routing', 'building', 'submitted', 'confirmed', 'failed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TERMINAL_STATUSES: readonly OrderStatus[] = ['confirmed', 'failed'];

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/**
 * Which status may follow which. A retry goes back from any in-flight step to `routing` (with the
 * attempt number raised); any non-terminal status may end in `failed`; terminal statuses never move.
 */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['routing', 'failed'],
  routing: ['building', 'routing', 'failed'],
  building: ['submitted', 'routing', 'failed'],
  submitted: ['confirmed', 'routing', 'failed'],
  confirmed: [],
  failed: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses an order may be in for `to` to be its next status. */
export function predecessorsOf(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canTransition(from, to));
}
