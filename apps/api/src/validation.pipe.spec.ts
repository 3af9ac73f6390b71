import { ArgumentMetadata } from '@nestjs/common';
import fc from 'fast-check';
import { ExecuteOrderDto, executeOrderDtoIfCertainlyValid, OrderValidationError } from '@app/orders';
import { createValidationPipe } from './validation.pipe';

const metadata: ArgumentMetadata = { type: 'body', metatype: ExecuteOrderDto };

async function violations(body: unknown) {
  try {
    await createValidationPipe().transform(body, metadata);
  } catch (err) {
    if (err instanceof OrderValidationError) return err.violations;
    throw err;
  }
  throw new Error('expected a validation error');
}

describe('request validation', () => {
  it('passes a well-formed body through as the DTO', async () => {
    const dto = await createValidationPipe().transform({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1.5' }, metadata);
    expect(dto).toBeInstanceOf(ExecuteOrderDto);
    expect(dto).toEqual({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1.5' });
  });

  it('names the field and rule of each problem', async () => {
    expect(await violations({ tokenIn: 5, tokenOut: 'USDC', amountIn: true, slippage: 0.9 })).toEqual([
      { field: 'tokenIn', rule: 'isLength', message: 'tokenIn must be longer than or equal to 1 and shorter than or equal to 64 characters' },
      { field: 'tokenIn', rule: 'isString', message: 'tokenIn must be a string' },
      { field: 'amountIn', rule: 'isNumber', message: 'amountIn must be a number or a decimal string' },
      { field: 'slippage', rule: 'max', message: 'slippage must not be greater than 0.5' },
    ]);
  });

  it('refuses fields the API does not know', async () => {
    expect(await violations({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1, price: 3 })).toEqual([
      { field: 'price', rule: 'whitelistValidation', message: 'property price should not exist' },
    ]);
  });

  it('refuses an amountIn string over 64 characters by its length, before reading it as a number', async () => {
    const amountIn = '1'.repeat(65);
    expect(await violations({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn })).toEqual([
      { field: 'amountIn', rule: 'isLength', message: 'amountIn must be shorter than or equal to 64 characters' },
    ]);
    expect(executeOrderDtoIfCertainlyValid({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn })).toBeUndefined();
    expect(executeOrderDtoIfCertainlyValid({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1'.repeat(64) })).toBeDefined();
  });

  it('refuses NaN-like and infinite numbers', async () => {
    expect(await violations({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1, slippage: Infinity })).toEqual([
      { field: 'slippage', rule: 'max', message: 'slippage must not be greater than 0.5' },
      { field: 'slippage', rule: 'isNumber', message: 'slippage must be a number conforming to the specified constraints' },
    ]);
  });
});

describe('request shape', () => {
  it('refuses keys that the transformer would silently drop', async () => {
    for (const key of ['constructor', 'prototype', 'toString', 'hasOwnProperty']) {
      expect(await violations({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1, [key]: 'x' })).toEqual([
        { field: key, rule: 'whitelistValidation', message: `property ${key} should not exist` },
      ]);
    }
  });

  it('refuses input nested deeper than the limit without overflowing the stack', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(await violations({ tokenIn: deep, tokenOut: 'USDC', amountIn: 1 })).toEqual([
      { field: 'body', rule: 'maxDepth', message: 'the request body nests deeper than 16 levels' },
    ]);
  });

  describe('the fast path for order bodies', () => {
    const full = createValidationPipe({ fastPaths: false });
    const value = fc.oneof(
      fc.constantFrom('SOL', 'USDC', '', ' ', 'x'.repeat(64), 'x'.repeat(65), '\uFE0F', '😀', 'So1111', '1.5', '-1'),
      fc.string({ maxLength: 70 }),
      fc.fullUnicodeString({ maxLength: 3 }),
      fc.double(),
      fc.constantFrom(0, -0, 0.5, 0.5000001, -1e-9, NaN, Infinity, -Infinity, 1e308),
      fc.constantFrom(null, undefined, true, false),
      fc.constant({}),
      fc.constant([]),
    );
    // Mostly plausible values, so that the bodies the fast path takes are tested too.
    const token = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('SOL', 'USDC', 'x'.repeat(64)) }, { weight: 1, arbitrary: value });
    // Strings around the 64-character limit of amountIn included, so the bound is held on both sides.
    const amount = fc.oneof(
      { weight: 4, arbitrary: fc.oneof(fc.double(), fc.string(), fc.string({ minLength: 60, maxLength: 70 })) },
      { weight: 1, arbitrary: value },
    );
    const slippage = fc.oneof({ weight: 4, arbitrary: fc.double({ min: -0.1, max: 0.6 }) }, { weight: 1, arbitrary: value });
    const body = fc.oneof(
      fc.record({ tokenIn: value, tokenOut: value, amountIn: value, slippage: value, price: value }, { requiredKeys: [] }),
      fc.record({ tokenIn: token, tokenOut: token, amountIn: amount, slippage }, { requiredKeys: ['tokenIn', 'tokenOut'] }),
    );

    it('accepts only what the full validator accepts, and builds the same DTO', async () => {
      let taken = 0;
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const fast = executeOrderDtoIfCertainlyValid(b);
          if (!fast) return;
          taken++;
          const slow = await full.transform(b, metadata);
          expect(fast).toBeInstanceOf(ExecuteOrderDto);
          expect(fast).toEqual(slow);
        }),
        { numRuns: 3000 },
      );
      // The property must have been tested on accepted bodies, not only on refused ones.
      expect(taken).toBeGreaterThan(30);
    });

    it('takes the common bodies', () => {
      expect(executeOrderDtoIfCertainlyValid({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 })).toBeDefined();
      expect(executeOrderDtoIfCertainlyValid({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.5', slippage: 0.01 })).toBeDefined();
      expect(executeOrderDtoIfCertainlyValid({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1, extra: 1 })).toBeUndefined();
      expect(executeOrderDtoIfCertainlyValid(Object.create({ tokenIn: 'SOL' }))).toBeUndefined();
    });
  });
});
