import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldViolation, OrderValidationError } from '@app/orders';

/** Flattens class-validator's tree into one violation per field and rule. */
export function toViolations(errors: ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...toViolations(e.children ?? [], field)];
  });
}

/** Refuses a body that is not a JSON object (an array, a string, nothing) before field checks. */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new OrderValidationError([
        { field: 'body', rule: 'isObject', message: 'the request body must be a JSON object' },
      ]);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Every request DTO passes here: unknown fields are refused, and a failure is an
 * OrderValidationError, so the body names each field and rule like the service's own checks.
 */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new OrderValidationError(toViolations(errors)),
  });
}
