import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ExecuteOrderDto, executeOrderDtoIfCertainlyValid, FieldViolation, OrderValidationError } from '@app/orders';

/** Flattens class-validator's tree into one violation per field and rule. */
export function toViolations(errors: ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...toViolations(e.children ?? [], field)];
  });
}

/** No request of this API nests; deeper input would only exhaust the transformer's stack. */
export const MAX_INPUT_DEPTH = 16;

/**
 * Keys that Nest and class-transformer drop silently before `forbidNonWhitelisted` can see them
 * (`constructor`, `prototype`, and names of Object.prototype members such as `toString`): refused
 * here as the unknown fields they are.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype', 'constructor']);

/**
 * Bodies that a DTO's own fast check proves valid skip class-validator and class-transformer (the
 * hot path: every order placed); the rest take the full route, which names each broken rule.
 */
const FAST_BODIES = new Map<unknown, (value: unknown) => object | undefined>([[ExecuteOrderDto, executeOrderDtoIfCertainlyValid]]);

/** Checks what the validator cannot: the shape of the input as a whole. */
class RequestValidationPipe extends ValidationPipe {
  constructor(
    options: ConstructorParameters<typeof ValidationPipe>[0],
    private readonly fastPaths: boolean,
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (this.fastPaths && metadata.type === 'body') {
      const fast = FAST_BODIES.get(metadata.metatype)?.(value);
      if (fast) return fast;
    }
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new OrderValidationError([
        { field: 'body', rule: 'isObject', message: 'the request body must be a JSON object' },
      ]);
    }
    if ((metadata.type === 'body' || metadata.type === 'query') && typeof value === 'object' && value !== null) {
      const violations = Object.keys(value)
        .filter((key) => RESERVED_KEYS.has(key))
        .map((key) => ({ field: key, rule: 'whitelistValidation', message: `property ${key} should not exist` }));
      if (nestsDeeperThan(value, MAX_INPUT_DEPTH)) {
        violations.push({
          field: metadata.type,
          rule: 'maxDepth',
          message: `the request ${metadata.type} nests deeper than ${MAX_INPUT_DEPTH} levels`,
        });
      }
      if (violations.length > 0) throw new OrderValidationError(violations);
    }
    return super.transform(value, metadata);
  }
}

/** Iterative, so that checking hostile input cannot itself overflow the stack. */
function nestsDeeperThan(root: object, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Every request DTO passes here: unknown fields are refused, and a failure is an
 * OrderValidationError, so the body names each field and rule like the service's own checks.
 */
export function createValidationPipe({ fastPaths = true } = {}): ValidationPipe {
  return new RequestValidationPipe(
    {
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      exceptionFactory: (errors) => new OrderValidationError(toViolations(errors)),
    },
    fastPaths,
  );
}
