/** Every error code of the accounts library. */
export const AccountErrorCode = {
  /** No key, where one is required (401). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** A key that is malformed, unknown or revoked (401). */
  INVALID_API_KEY: 'INVALID_API_KEY',
  /** A valid key that may not use this endpoint (403). */
  FORBIDDEN: 'FORBIDDEN',
  /** Over the account's rate limit (429, with Retry-After). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A WebSocket ticket that is unknown, used or expired (401 on the upgrade). */
  INVALID_TICKET: 'INVALID_TICKET',
} as const;
export type AccountErrorCode = (typeof AccountErrorCode)[keyof typeof AccountErrorCode];

/** Errors of authentication and fair use; the API's exception filter maps each to its status. */
export abstract class AccountError extends Error {
  abstract readonly code: AccountErrorCode;
  abstract readonly status: number;
}

export class UnauthenticatedError extends AccountError {
  readonly code = AccountErrorCode.UNAUTHENTICATED;
  readonly status = 401;
  constructor() {
    super('an API key is required: send Authorization: Bearer <key> or X-API-Key: <key>');
  }
}

export class InvalidApiKeyError extends AccountError {
  readonly code = AccountErrorCode.INVALID_API_KEY;
  readonly status = 401;
  constructor() {
    super('the API key is not valid (malformed, unknown or revoked)');
  }
}

export class InvalidTicketError extends AccountError {
  readonly code = AccountErrorCode.INVALID_TICKET;
  readonly status = 401;
  constructor() {
    super('the WebSocket ticket is not valid (unknown, already used or expired)');
  }
}

export class ForbiddenError extends AccountError {
  readonly code = AccountErrorCode.FORBIDDEN;
  readonly status = 403;
  constructor(what: string) {
    super(`${what} needs an admin key`);
  }
}

export type RateLimitKind = 'orders' | 'reads';

/** What the rate limiter says of one request; sent as RateLimit-* headers. */
export interface RateLimitState {
  kind: RateLimitKind;
  /** Requests per second. */
  limit: number;
  /** Requests that could be made right now. */
  remaining: number;
  /** Milliseconds until the allowance is whole again. */
  resetMs: number;
  /** Milliseconds until the next request is allowed (0 when this one was). */
  retryAfterMs: number;
}

export class RateLimitedError extends AccountError {
  readonly code = AccountErrorCode.RATE_LIMITED;
  readonly status = 429;
  constructor(readonly state: RateLimitState) {
    super(`over the limit of ${state.limit} ${state.kind} per second; retry in ${Math.ceil(state.retryAfterMs)} ms`);
  }
}
