import {
  DependencyUnavailableErrorBody,
  ErrorBody,
  InternalErrorBody,
  NotCancellableErrorBody,
  RateLimitedErrorBody,
  StopPriceReachedErrorBody,
  TooManyOpenOrdersErrorBody,
  ValidationErrorBody,
} from './error-bodies';

/** An OpenAPI response header. */
export interface HeaderDoc {
  description: string;
  required?: boolean;
  schema: { type: 'string' | 'integer'; example?: string | number };
}

/** The IETF RateLimit fields the account guard sets on every response it limits. */
export const RATE_LIMIT_HEADERS: Record<string, HeaderDoc> = {
  'RateLimit-Policy': { description: 'The allowance: `<requests>;w=1` (per second).', schema: { type: 'string', example: '20;w=1' } },
  'RateLimit-Limit': { description: 'Requests allowed per second.', schema: { type: 'integer', example: 20 } },
  'RateLimit-Remaining': { description: 'Requests left in the current allowance.', schema: { type: 'integer', example: 0 } },
  'RateLimit-Reset': { description: 'Seconds until the allowance is whole again.', schema: { type: 'integer', example: 1 } },
};

const RETRY_AFTER: Record<string, HeaderDoc> = {
  'Retry-After': { description: 'Seconds to wait before retrying.', required: true, schema: { type: 'integer', example: 1 } },
};

const WWW_AUTHENTICATE: Record<string, HeaderDoc> = {
  'WWW-Authenticate': {
    description: 'The challenge: `Bearer realm="order-engine"` (with `error="invalid_token"` for a bad key).',
    required: true,
    schema: { type: 'string', example: 'Bearer realm="order-engine"' },
  },
};

/** What one error code looks like on the wire. */
export interface ErrorDoc {
  status: number;
  body: Function;
  description: string;
  headers?: Record<string, HeaderDoc>;
  /** Extra body fields for the documented example. */
  example?: Record<string, unknown>;
}

/**
 * Every error code an HTTP route answers with, and its status, body and headers, as the exception
 * filter and the edge (apps/api/src/http-server.ts) write them. A route lists its codes with
 * `@ApiErrors(...)`; the contract test sends requests that produce them and checks the answers.
 */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: {
    status: 400,
    body: ValidationErrorBody,
    description: 'A bad field, query value, path parameter or header: `errors` names each field and rule.',
    example: {
      message: 'slippage must not be greater than 0.5',
      errors: [{ field: 'slippage', rule: 'max', message: 'slippage must not be greater than 0.5' }],
    },
  },
  BAD_REQUEST: { status: 400, body: ErrorBody, description: 'Malformed JSON, `__proto__` keys, or a malformed HTTP request.' },
  UNAUTHENTICATED: {
    status: 401,
    body: ErrorBody,
    description: 'No key in `AUTH_MODE=required`.',
    headers: WWW_AUTHENTICATE,
  },
  INVALID_API_KEY: { status: 401, body: ErrorBody, description: 'A malformed, unknown or revoked key.', headers: WWW_AUTHENTICATE },
  FORBIDDEN: { status: 403, body: ErrorBody, description: 'An operator endpoint without an admin key (`AUTH_MODE=required`).' },
  ORDER_NOT_FOUND: { status: 404, body: ErrorBody, description: 'No order with that id in the account.' },
  ORDER_NOT_CANCELLABLE: {
    status: 409,
    body: NotCancellableErrorBody,
    description: 'The order was submitted or has ended: `orderId` and its `status`.',
    example: { orderId: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', status: 'confirmed' },
  },
  PAYLOAD_TOO_LARGE: { status: 413, body: ErrorBody, description: 'A body over `BODY_LIMIT_BYTES` (16 KiB).' },
  URI_TOO_LONG: { status: 414, body: ErrorBody, description: 'A URL over `MAX_URL_LENGTH`, or a path segment over 100 characters.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    body: ErrorBody,
    description: 'A body that is not `application/json`, or any `Content-Encoding`.',
  },
  IDEMPOTENCY_KEY_REUSED: { status: 422, body: ErrorBody, description: 'This `Idempotency-Key` was used for a different request.' },
  STOP_PRICE_REACHED: {
    status: 422,
    body: StopPriceReachedErrorBody,
    description: 'A stop order whose trigger the market price already reached.',
    example: { triggerPrice: '300', currentPrice: '148.5' },
  },
  NO_ROUTE: { status: 422, body: ErrorBody, description: 'No pool path joins the two tokens.' },
  INSUFFICIENT_LIQUIDITY: { status: 422, body: ErrorBody, description: 'The pools cannot fill that amount.' },
  NOT_YET_TRADABLE: {
    status: 422,
    body: ErrorBody,
    description: 'A launched token before its launch slot; the message names the launch time.',
  },
  UPGRADE_REQUIRED: {
    status: 426,
    body: ErrorBody,
    description: 'A plain GET of a WebSocket path: open it with `Upgrade: websocket` (see `/docs/asyncapi.json`).',
    headers: {
      Upgrade: { description: 'The protocol to switch to.', required: true, schema: { type: 'string', example: 'websocket' } },
    },
  },
  RATE_LIMITED: {
    status: 429,
    body: RateLimitedErrorBody,
    description: 'Over the account\'s rate (`RATE_LIMIT_ORDERS_PER_SECOND` or `RATE_LIMIT_READS_PER_SECOND`).',
    headers: { ...RETRY_AFTER, ...RATE_LIMIT_HEADERS },
    example: { retryAfterMs: 240 },
  },
  TOO_MANY_OPEN_ORDERS: {
    status: 429,
    body: TooManyOpenOrdersErrorBody,
    description: 'The account holds `MAX_OPEN_ORDERS` open orders (`Retry-After: 1`).',
    headers: RETRY_AFTER,
    example: { limit: 1000 },
  },
  INTERNAL_ERROR: {
    status: 500,
    body: InternalErrorBody,
    description: 'A bug: the body carries only the request id; the stack goes to the log.',
    example: { requestId: '6f1d3e0a-34b5-4a8e-9d0c-0b6a7d1e2f3a' },
  },
  RPC_TIMEOUT: { status: 503, body: ErrorBody, description: 'A venue did not answer in time; retry.' },
  RPC_RATE_LIMITED: { status: 503, body: ErrorBody, description: 'A venue refused for load; retry.' },
  CURVE_COMPLETE: {
    status: 503,
    body: ErrorBody,
    description: 'A launch\'s curve completed while it was quoted; a new quote routes to its AMM pool.',
  },
  DEPENDENCY_UNAVAILABLE: {
    status: 503,
    body: DependencyUnavailableErrorBody,
    description: 'Postgres or Redis did not answer; nothing was stored.',
    headers: RETRY_AFTER,
    example: { dependency: 'redis' },
  },
  SHUTTING_DOWN: {
    status: 503,
    body: ErrorBody,
    description: 'The api is stopping (a deploy, a restart); nothing was stored. Retry on another api or this one restarted.',
    headers: RETRY_AFTER,
  },
  ENGINE_OVERLOADED: {
    status: 503,
    body: ErrorBody,
    description: 'Too many requests waiting (`GROUP_QUEUE_LIMIT`); nothing was stored.',
    headers: RETRY_AFTER,
  },
} satisfies Record<string, ErrorDoc>;

export type DocumentedErrorCode = keyof typeof ERROR_CATALOG;

/** What every route behind the account guard may answer besides its own errors. */
export const ACCOUNT_ERRORS: DocumentedErrorCode[] = [
  'UNAUTHENTICATED',
  'INVALID_API_KEY',
  'URI_TOO_LONG',
  'RATE_LIMITED',
  'DEPENDENCY_UNAVAILABLE',
  'SHUTTING_DOWN',
  'INTERNAL_ERROR',
];
