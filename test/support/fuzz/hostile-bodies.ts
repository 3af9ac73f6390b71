import fc from 'fast-check';
import { entriesOf, Field, objectText, Order, validOrder, validOrderText } from './order-bodies';
import { hostileFor, hostileString, rawNumbers, wrongTypes } from './hostile-values';
import { BODY_LIMIT, mightBeAccepted } from './rule-oracle';

/**
 * Whole JSON request bodies the engine must refuse: near-valid orders with one thing broken,
 * arbitrary JSON, malformed JSON, deep nesting. Each generator filters out, through the rule
 * oracle, whatever it produced that might be accepted after all.
 */

/** A valid order with one field replaced by a hostile value, removed, or made equal to the other token. */
export const nearValidBody: fc.Arbitrary<string> = validOrder
  .chain((o) =>
    fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom<Field>('tokenIn', 'tokenOut', 'amountIn', 'slippage').chain((field) =>
        hostileFor(field, o).map((value) => {
          const entries = entriesOf(o).filter(([k]) => k !== field);
          return objectText([...entries, [field, value]]);
        }),
      ) },
      fc.constantFrom('tokenIn', 'tokenOut', 'amountIn').map((drop) => objectText(entriesOf(o).filter(([k]) => k !== drop))),
      fc.constant(objectText(entriesOf({ ...o, tokenOut: ` ${o.tokenIn.toLowerCase()} ` }))),
    ),
  )
  .filter((text) => !mightBeAccepted(Buffer.from(text)));

const extraKeyName = fc.oneof(
  fc.constantFrom(
    'constructor', 'prototype', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__',
    'isPrototypeOf', 'tokenin', 'TokenIn', 'tokenIn ', 'amount_in', 'amountIn\u0000', 'slippage\u200b', '', ' ',
    'side', 'price', 'id', 'status', 'orderId', '$where', '0', '__v',
  ),
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
);

/** A valid order with one to three unknown keys inserted: prototype names, near-misses of the real keys, random text. */
export const extraKeyBody: fc.Arbitrary<string> = fc
  .tuple(
    validOrder,
    fc.array(fc.tuple(extraKeyName, fc.oneof(wrongTypes, rawNumbers, hostileString, fc.constant('"buy"'))), { minLength: 1, maxLength: 3 }),
    fc.nat(),
  )
  .map(([o, extras, at]) => {
    const entries = entriesOf(o);
    for (const extra of extras) entries.splice(at % (entries.length + 1), 0, extra);
    return objectText(entries);
  })
  .filter((text) => !mightBeAccepted(Buffer.from(text)));

const fieldsOfAnyType = fc.record(
  { tokenIn: fc.jsonValue(), tokenOut: fc.jsonValue(), amountIn: fc.jsonValue(), slippage: fc.jsonValue() },
  { requiredKeys: [] },
);

/** Any JSON value as the whole body (among them objects with the order's keys holding values of any type). */
export const anyJsonBody = fc
  .oneof(fc.jsonValue(), fc.anything(), fieldsOfAnyType)
  .map((v) => JSON.stringify(v))
  .filter((t): t is string => t !== undefined && Buffer.byteLength(t) <= BODY_LIMIT)
  .filter((t) => !mightBeAccepted(Buffer.from(t)));

/** Bodies that are not valid JSON, or JSON that is not an order; each as the bytes sent. */
export const malformedBody = fc
  .oneof(
    // Random text and bytes.
    fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
    fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    // A valid order cut short.
    validOrderText.chain((t) => fc.integer({ min: 0, max: t.length - 1 }).map((n) => Buffer.from(t.slice(0, n)))),
    // A valid order with a character inserted, replaced or removed.
    fc
      .tuple(validOrderText, fc.nat(), fc.constantFrom('', ',', '}', '{', '"', ':', '\\', '\u0000', "'", '\n', 'x', ']', '\ufeff'), fc.boolean())
      .map(([t, at, c, replace]) => {
        const i = at % t.length;
        return Buffer.from(t.slice(0, i) + c + t.slice(replace ? i + 1 : i));
      }),
    // JSON-like syntax JSON does not allow.
    fc.constantFrom(
      "{'tokenIn':'SOL','tokenOut':'USDC','amountIn':'1'}",
      '{tokenIn:"SOL",tokenOut:"USDC",amountIn:"1"}',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":"1",}',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":NaN}',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":Infinity}',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":undefined}',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":0x10}',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":.5}',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":01}',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":+1}',
      '{"tokenIn":"SOL" /* c */,"tokenOut":"USDC","amountIn":"1"}',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":"1"}{}',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":"1"} x',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":"\\x31"}',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":"\\ud800"}',
      '{"tokenIn":"SOL","tokenOut":"USDC","amountIn":"1\n"}',
      '\ufeff\ufeff{"tokenIn":"SOL","tokenOut":"USDC","amountIn":"1"}',
      '\u00a0{"tokenIn":"SOL","tokenOut":"USDC","amountIn":"1"}',
      '', ' ', 'null', 'true', '0', '"{}"', '[]', '[{"tokenIn":"SOL","tokenOut":"USDC","amountIn":"1"}]',
    ).map((s) => Buffer.from(s)),
    // Duplicate keys: JSON.parse keeps the last one, which is made hostile here.
    fc
      .tuple(validOrder, fc.constantFrom<Field>('tokenIn', 'tokenOut', 'amountIn', 'slippage'))
      .chain(([o, field]) =>
        hostileFor(field, o).map((value) =>
          Buffer.from(objectText([...entriesOf(o), [field, value], ...entriesOf(o).filter(([k]) => k !== field)])),
        ),
      ),
    // Deeply nested arrays as the whole body (up to the body limit, and past it).
    fc.integer({ min: 500, max: 9000 }).map((n) => Buffer.from('['.repeat(n) + ']'.repeat(n))),
    fc.integer({ min: 500, max: 9000 }).map((n) => Buffer.from('['.repeat(n))),
  )
  .filter((b) => !mightBeAccepted(b));

/** Where a deeply nested value goes into a valid order (a field, an extra key, or the whole body), and how deep. */
export type Deep = [order: Order, where: Field | 'extra' | 'whole body', depth: number, arrays: boolean];

export const deepBody = ([o, where, depth, arrays]: Deep): string => {
  // Arrays cost 2 bytes a level, objects ({"":…}) 5: both stay under the 16 KiB limit.
  const nested = arrays ? '['.repeat(depth) + '1' + ']'.repeat(depth) : '{"":'.repeat(depth) + '1' + '}'.repeat(depth);
  if (where === 'whole body') return `{"a":${nested}}`;
  return objectText([...entriesOf(o).filter(([k]) => k !== where), [where, nested]]);
};

/** Deep nesting inside an otherwise valid order, kept under the body limit. */
export const deepNesting: fc.Arbitrary<Deep> = fc
  .tuple(
    validOrder,
    fc.constantFrom<Deep[1]>('tokenIn', 'tokenOut', 'amountIn', 'slippage', 'extra', 'whole body'),
    fc.integer({ min: 100, max: 7000 }),
    fc.boolean(),
  )
  .map(([o, where, depth, arrays]): Deep => [o, where, arrays ? depth : Math.min(depth, 3000), arrays])
  .filter((d) => Buffer.byteLength(deepBody(d)) <= BODY_LIMIT && !mightBeAccepted(Buffer.from(deepBody(d))));
