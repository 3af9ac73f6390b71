import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OverloadedError } from '@app/common';
import { DexError } from '@app/dex';
import {
  EngineUnavailableError,
  IdempotencyKeyInProgressError,
  IdempotencyKeyReusedError,
  IllegalTransitionError,
  OrderDomainError,
  OrderNotFoundError,
  OrderValidationError,
} from '@app/orders';

const STATUS_OF = new Map<Function, number>([
  [OrderValidationError, HttpStatus.BAD_REQUEST],
  [OrderNotFoundError, HttpStatus.NOT_FOUND],
  [IllegalTransitionError, HttpStatus.CONFLICT],
  [EngineUnavailableError, HttpStatus.SERVICE_UNAVAILABLE],
  [IdempotencyKeyReusedError, HttpStatus.UNPROCESSABLE_ENTITY],
  [IdempotencyKeyInProgressError, HttpStatus.CONFLICT],
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

/**
 * The one place errors become HTTP responses. Domain errors map to their status with a stable
 * `code`; HTTP and Fastify errors (404 route, 413 body, bad JSON) keep theirs; anything else is
 * a 500 whose body carries only the request id, and whose stack goes to the log.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const [status, body] = this.describe(exception, request);
    if (exception instanceof OverloadedError) void reply.header('Retry-After', String(exception.retryAfterSeconds));
    void reply.status(status).send(body);
  }

  private describe(exception: unknown, request: FastifyRequest): [number, Record<string, unknown>] {
    if (exception instanceof OverloadedError) {
      // Refused before any work was done: the client may retry after Retry-After seconds.
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      return [status, { statusCode: status, code: exception.code, message: 'the engine is overloaded; retry shortly' }];
    }
    if (exception instanceof OrderDomainError) {
      const status = STATUS_OF.get(exception.constructor) ?? HttpStatus.INTERNAL_SERVER_ERROR;
      const body: Record<string, unknown> = { statusCode: status, code: exception.code, message: exception.message };
      if (exception instanceof OrderValidationError) body.errors = exception.violations;
      if (exception instanceof EngineUnavailableError) body.dependency = exception.dependency;
      return [status, body];
    }
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
    this.logger.error(`${request.method} ${request.url} [${request.id}]`, (exception as Error)?.stack);
    const body = { statusCode: 500, code: HttpErrorCode.INTERNAL_ERROR, message: 'internal error', requestId: request.id };
    return [500, body];
  }
}
