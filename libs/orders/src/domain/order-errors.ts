/** Every error code of the orders library, as clients see it in error bodies and WebSocket messages. */
export const OrderErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  /** WebSocket only: the path's order id is not a UUID (close code 4400). */
  INVALID_ORDER_ID: 'INVALID_ORDER_ID',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  ENGINE_UNAVAILABLE: 'ENGINE_UNAVAILABLE',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_KEY_IN_PROGRESS: 'IDEMPOTENCY_KEY_IN_PROGRESS',
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

/** A dependency (Redis queue, Postgres) cannot take the order now: 503, nothing stored. */
export class EngineUnavailableError extends OrderDomainError {
  readonly code = OrderErrorCode.ENGINE_UNAVAILABLE;
  constructor(
    readonly dependency: string,
    message: string,
  ) {
    super(message);
  }
}

/** The Idempotency-Key was used before with a different request: 422. */
export class IdempotencyKeyReusedError extends OrderDomainError {
  readonly code = OrderErrorCode.IDEMPOTENCY_KEY_REUSED;
  constructor(readonly orderId: string) {
    super(`this Idempotency-Key was used for a different request (order ${orderId})`);
  }
}

/** The first request with this Idempotency-Key is still being stored: 409, try again shortly. */
export class IdempotencyKeyInProgressError extends OrderDomainError {
  readonly code = OrderErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS;
  constructor(readonly orderId: string) {
    super(`a request with this Idempotency-Key is still being processed (order ${orderId}); retry shortly`);
  }
}
