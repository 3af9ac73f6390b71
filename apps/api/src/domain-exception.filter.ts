import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountError, AccountErrorCode, RateLimitedError, setRateLimitHeaders } from '@app/accounts';
import { dependencyFailure, DependencyUnavailableError, OverloadedError, urlForLog } from '@app/common';
import { DexError } from '@app/dex';
import { SHUTTING_DOWN_RETRY_AFTER_S } from './shutdown-gate';
import {
  IdempotencyKeyReusedError,
  IllegalTransitionError,
  OrderDomainError,
  OrderNotCancellableError,
  OrderNotFoundError,
  OrderValidationError,
  StopPriceReachedError,
  TooManyOpenOrdersError,
} from '@app/orders';

const STATUS_OF = new Map<Function, number>([
  [OrderValidationError, HttpStatus.BAD_REQUEST],
  [OrderNotFoundError, HttpStatus.NOT_FOUND],
  [IllegalTransitionError, HttpStatus.CONFLICT],
  [IdempotencyKeyReusedError, HttpStatus.UNPROCESSABLE_ENTITY],
  [TooManyOpenOrdersError, HttpStatus.TOO_MANY_REQUESTS],
  [StopPriceReachedError, HttpStatus.UNPROCESSABLE_ENTITY],
  [OrderNotCancellableError, HttpStatus.CONFLICT],
]);

/** Codes of the errors Nest and Fastify raise before a handler runs (bad JSON, no route, …), and of bugs. */
export const HttpErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;

const HTTP_CODES: Record<number, string> = {
  400: HttpErrorCode.BAD_REQUEST,
  404: HttpErrorCode.NOT_FOUND,
  405: HttpErrorCode.METHOD_NOT_ALLOWED,
  413: HttpErrorCode.PAYLOAD_TOO_LARGE,
  415: HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
};

/** The realm named in WWW-Authenticate on a 401. */
const REALM = 'order-engine';

type Described = [status: number, body: Record<string, unknown>, headers?: Record<string, string>];

/**
 * The one place errors become HTTP responses. Domain errors map to their status with a stable
 * `code` (and the headers their status calls for: WWW-Authenticate, Retry-After, RateLimit-*);
 * HTTP and Fastify errors (404 route, 413 body, bad JSON) keep theirs; a dependency that does not
 * answer is a 503 to retry; anything else is a 500 whose body carries only the request id, and
 * whose stack goes to the log.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  /** `closing`: whether the process is stopping (a pool closed under a request is then SHUTTING_DOWN). */
  constructor(private readonly closing: () => boolean = () => false) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const [status, body, headers] = this.describe(exception, request);
    if (exception instanceof RateLimitedError) setRateLimitHeaders(reply, exception.state);
    for (const [name, value] of Object.entries(headers ?? {})) reply.header(name, value);
    void reply.status(status).send(body);
  }

  private describe(exception: unknown, request: FastifyRequest): Described {
    if (exception instanceof OverloadedError) {
      // Refused before any work was done: the client may retry after Retry-After seconds.
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      const body = { statusCode: status, code: exception.code, message: 'the engine is overloaded; retry shortly' };
      return [status, body, { 'Retry-After': String(exception.retryAfterSeconds) }];
    }
    if (exception instanceof OrderDomainError) {
      const status = STATUS_OF.get(exception.constructor) ?? HttpStatus.INTERNAL_SERVER_ERROR;
      const body: Record<string, unknown> = { statusCode: status, code: exception.code, message: exception.message };
      if (exception instanceof OrderValidationError) body.errors = exception.violations;
      if (exception instanceof TooManyOpenOrdersError) return [status, { ...body, limit: exception.limit }, { 'Retry-After': '1' }];
      if (exception instanceof StopPriceReachedError) {
        return [status, { ...body, triggerPrice: exception.triggerPrice, currentPrice: exception.currentPrice }];
      }
      if (exception instanceof OrderNotCancellableError) return [status, { ...body, orderId: exception.orderId, status: exception.status }];
      return [status, body];
    }
    if (exception instanceof AccountError) return describeAccountError(exception);
    if (exception instanceof DexError) {
      // A quote the market cannot give: no pools, too little liquidity (422), or a venue not
      // answering now (503, worth retrying).
      const status = exception.retryable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.UNPROCESSABLE_ENTITY;
      return [status, { statusCode: status, code: exception.code, message: exception.message }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      return [status, { statusCode: status, code: HTTP_CODES[status] ?? `HTTP_${status}`, message }];
    }
    const statusCode = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      const { code, message } = exception as { code?: string; message?: string };
      return [statusCode, { statusCode, code, message }];
    }
    // Postgres or Redis unavailable, timing out or restarting, however its driver said so: a 503
    // to retry, never a 500 (see dependencyFailure for which errors these are).
    const unavailable = dependencyFailure(exception);
    if (unavailable) {
      if (!(exception instanceof DependencyUnavailableError)) {
        this.logger.warn(`${request.method} ${urlForLog(request.url)} [${request.id}]: ${unavailable.message}`);
      }
      if (this.closing()) {
        const body = { statusCode: 503, code: 'SHUTTING_DOWN', message: 'the engine is shutting down; retry shortly' };
        return [503, body, { 'Retry-After': String(SHUTTING_DOWN_RETRY_AFTER_S) }];
      }
      const { code, message, dependency, retryAfterS } = unavailable;
      return [503, { statusCode: 503, code, message, dependency }, { 'Retry-After': String(retryAfterS) }];
    }
    this.logger.error(`${request.method} ${request.url} [${request.id}]`, (exception as Error)?.stack);
    const body = { statusCode: 500, code: HttpErrorCode.INTERNAL_ERROR, message: 'internal error', requestId: request.id };
    return [500, body];
  }
}

function describeAccountError(error: AccountError): Described {
  const body: Record<string, unknown> = { statusCode: error.status, code: error.code, message: error.message };
  if (error instanceof RateLimitedError) {
    body.retryAfterMs = error.state.retryAfterMs;
    return [error.status, body, { 'Retry-After': String(Math.max(1, Math.ceil(error.state.retryAfterMs / 1000))) }];
  }
  return [error.status, body, challengeFor(error)];
}

/** The WWW-Authenticate challenge that goes with a 401 (none for other statuses). */
export function challengeFor(error: AccountError): Record<string, string> | undefined {
  if (error.status !== 401) return undefined;
  const challenge =
    error.code === AccountErrorCode.UNAUTHENTICATED ? `Bearer realm="${REALM}"` : `Bearer realm="${REALM}", error="invalid_token"`;
  return { 'WWW-Authenticate': challenge };
}
