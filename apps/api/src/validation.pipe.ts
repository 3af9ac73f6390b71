import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldViolation, OrderValidationError } from '@app/orders';

/** Flattens class-validator's tree into one violation per field and rule. */
export function toViolations(errors: ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...toViolations(e.children ?? [], field)];
  });
}

/**
 * Every request DTO passes here: unknown fields are refused, and a failure is an
 * OrderValidationError, so the body names each field and rule like the service's own checks.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new OrderValidationError(toViolations(errors)),
  });
}
