/** Every error code of the orders library, as clients see it in error bodies and WebSocket messages. */
export const OrderErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  /** WebSocket only: the path's order id is not a UUID (close code 4400). */
  INVALID_ORDER_ID: 'INVALID_ORDER_ID',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  TOO_MANY_OPEN_ORDERS: 'TOO_MANY_OPEN_ORDERS',
  STOP_PRICE_REACHED: 'STOP_PRICE_REACHED',
  ORDER_NOT_CANCELLABLE: 'ORDER_NOT_CANCELLABLE',
} as const;
export type OrderErrorCode = (typeof OrderErrorCode)[keyof typeof OrderErrorCode];

/**
 * Domain errors of the orders use cases. Services throw these (never HTTP exceptions, since the
 * worker shares the services); the API's exception filter maps each to its status code.
 */
export abstract class OrderDomainError extends Error {
  abstract readonly code: OrderErrorCode;
}

export interface FieldViolation {
  field: string;
  rule: string;
  message: string;
}

/** Bad input: 400, naming each field and the rule it broke. */
export class OrderValidationError extends OrderDomainError {
  readonly code = OrderErrorCode.VALIDATION_FAILED;
  constructor(readonly violations: FieldViolation[]) {
    super(violations.map((v) => v.message).join('; '));
  }
}

export class OrderNotFoundError extends OrderDomainError {
  readonly code = OrderErrorCode.ORDER_NOT_FOUND;
  constructor(readonly orderId: string) {
    super(`order ${orderId} not found`);
  }
}

/** A status change that the state machine or the stored status does not allow. */
export class IllegalTransitionError extends OrderDomainError {
  readonly code = OrderErrorCode.ILLEGAL_TRANSITION;
  constructor(
    readonly orderId: string,
    readonly to: string,
    readonly actual: string | undefined,
  ) {
    super(`order ${orderId} cannot move to ${to} from ${actual ?? 'an unknown status'}`);
  }
}

/** The account used this Idempotency-Key before, for a different request (its own order `orderId`): 422. */
export class IdempotencyKeyReusedError extends OrderDomainError {
  readonly code = OrderErrorCode.IDEMPOTENCY_KEY_REUSED;
  constructor(readonly orderId: string) {
    super(`this Idempotency-Key was used for a different request (order ${orderId})`);
  }
}

/** The account holds as many non-terminal orders as it may (MAX_OPEN_ORDERS): 429. */
export class TooManyOpenOrdersError extends OrderDomainError {
  readonly code = OrderErrorCode.TOO_MANY_OPEN_ORDERS;
  constructor(readonly limit: number) {
    super(`the account already holds ${limit} open orders, as many as it may; wait for some to finish`);
  }
}

/**
 * A stop order whose trigger the market has already reached: it would execute at once, which is
 * seldom what a stop is placed for (a typo, or a market that moved). 422, naming the price.
 */
export class StopPriceReachedError extends OrderDomainError {
  readonly code = OrderErrorCode.STOP_PRICE_REACHED;
  constructor(
    readonly triggerPrice: string,
    readonly currentPrice: string,
  ) {
    super(`the market price ${currentPrice} is already at or below triggerPrice ${triggerPrice}; place a market order to sell now`);
  }
}

/** The order was submitted to the chain or has ended: 409, naming its status. */
export class OrderNotCancellableError extends OrderDomainError {
  readonly code = OrderErrorCode.ORDER_NOT_CANCELLABLE;
  constructor(
    readonly orderId: string,
    readonly status: string,
  ) {
    super(`order ${orderId} is ${status} and can no longer be cancelled`);
  }
}
