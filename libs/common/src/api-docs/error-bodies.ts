import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The error bodies the api's exception filter (apps/api/src/domain-exception.filter.ts) writes,
 * as classes for the OpenAPI document. Metadata only: nothing constructs them.
 */
export class ErrorBody {
  @ApiProperty({ description: 'The HTTP status, repeated in the body.', example: 404 })
  statusCode: number;

  @ApiProperty({
    description: 'A stable code naming the error; branch on this, not on the message.',
    example: 'ORDER_NOT_FOUND',
  })
  code: string;

  @ApiProperty({
    description: 'What went wrong, for people.',
    example: 'order 1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b not found',
  })
  message: string;
}

export class FieldViolationBody {
  @ApiProperty({ description: 'The field (or header, or `body`/`query` as a whole).', example: 'slippage' })
  field: string;

  @ApiProperty({ description: 'The rule it broke.', example: 'max' })
  rule: string;

  @ApiProperty({ example: 'slippage must not be greater than 0.5' })
  message: string;
}

/** 400 VALIDATION_FAILED. */
export class ValidationErrorBody extends ErrorBody {
  @ApiProperty({ type: [FieldViolationBody], description: 'One entry per field and rule broken.' })
  errors: FieldViolationBody[];
}

/** 409 ORDER_NOT_CANCELLABLE. */
export class NotCancellableErrorBody extends ErrorBody {
  @ApiProperty({ format: 'uuid' })
  orderId: string;

  @ApiProperty({ description: 'The status that makes the order no longer cancellable.', example: 'confirmed' })
  status: string;
}

/** 422 STOP_PRICE_REACHED. */
export class StopPriceReachedErrorBody extends ErrorBody {
  @ApiProperty({ description: 'The trigger price given (tokenOut per tokenIn).', example: '150' })
  triggerPrice: string;

  @ApiProperty({ description: 'The market price now, already at or below the trigger.', example: '148.5' })
  currentPrice: string;
}

/** 429 RATE_LIMITED. */
export class RateLimitedErrorBody extends ErrorBody {
  @ApiProperty({
    description: 'Milliseconds until a request is allowed again (Retry-After in seconds, rounded up).',
    example: 240,
  })
  retryAfterMs: number;
}

/** 429 TOO_MANY_OPEN_ORDERS. */
export class TooManyOpenOrdersErrorBody extends ErrorBody {
  @ApiProperty({ description: 'The account\'s cap on open (non-terminal) orders.', example: 1000 })
  limit: number;
}

/** 503 DEPENDENCY_UNAVAILABLE. */
export class DependencyUnavailableErrorBody extends ErrorBody {
  @ApiProperty({ enum: ['postgres', 'redis'] })
  dependency: string;
}

/** 500 INTERNAL_ERROR: a bug; the stack goes to the log under this request id. */
export class InternalErrorBody extends ErrorBody {
  @ApiPropertyOptional({ format: 'uuid' })
  requestId: string;
}

export const ERROR_BODIES = [
  ErrorBody,
  FieldViolationBody,
  ValidationErrorBody,
  NotCancellableErrorBody,
  StopPriceReachedErrorBody,
  RateLimitedErrorBody,
  TooManyOpenOrdersErrorBody,
  DependencyUnavailableErrorBody,
  InternalErrorBody,
];
