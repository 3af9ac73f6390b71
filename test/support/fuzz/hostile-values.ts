import fc from 'fast-check';
import { TOKENS } from '@app/dex';
import { Field, Order } from './order-bodies';
import { slippageOk } from './rule-oracle';

/**
 * Hostile values for single fields, each as raw JSON text: numbers JSON can write but the engine
 * must refuse, values of the wrong type, numeric-looking and token-looking strings that are not
 * what they seem. Some of them happen to be valid; the rule oracle sorts those out.
 */

/** A value as JSON text (undefined, which JSON cannot hold, as null). */
export const toText = (v: unknown) => JSON.stringify(v) ?? 'null';

export const rawNumbers = fc.constantFrom(
  '1e308', '-1e308', '1.7976931348623157e308', '1e400', '-1e400', '9007199254740993', '9007199254740992',
  '1e-320', '5e-324', '-0', '0', '0.0', '-1', '-0.5', '1E2', '1e+2', '1e-2', '0.1e1', '100e-2',
  '123456789012345678901234567890', '18446744073709551616', '18446744073709551615.0000000001', '0.00000000001',
  '1.0000000000000000000001', '0.6', '0.50001', '0.12345', '-0.0001', '1', '2', '0.5000000001',
);

export const wrongTypes = fc.oneof(
  fc.constantFrom('null', 'true', 'false', '[]', '{}', '[null]', '[""]', '{"":""}', '[1]', '["SOL"]', '{"value":1}'),
  fc.jsonValue({ maxDepth: 4 }).filter((v) => typeof v !== 'string' && typeof v !== 'number').map(toText),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }).map(toText),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }).map(toText),
  fc
    .tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom('"SOL"', '1', '"1"', 'null', '{}'), fc.boolean())
    .map(([n, leaf, arrays]) => (arrays ? '['.repeat(n) + leaf + ']'.repeat(n) : '{"v":'.repeat(n) + leaf + '}'.repeat(n))),
);

const DIGIT_SETS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0xff10, 0x1d7ce, 0x1d7ec, 0x0e50, 0x1040];
const digitsIn = (digits: string, zero: number) =>
  [...digits].map((d) => (/\d/.test(d) ? String.fromCodePoint(zero + Number(d)) : d)).join('');
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e'];
const decimalText = fc
  .tuple(fc.integer({ min: 0, max: 100_000 }), fc.stringMatching(/^\d{0,4}$/))
  .map(([w, f]) => (f ? `${w}.${f}` : `${w}`));

const insertAt = (s: string, piece: string, at: number) => s.slice(0, at % (s.length + 1)) + piece + s.slice(at % (s.length + 1));

/** Strings that look numeric but are not plain decimal text (or are, with too many decimals). */
const hostileNumericString = (decimals: number) =>
  fc.oneof(
    fc
      .tuple(decimalText, fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 400 }))
      .map(([m, e, s, x]) => `${m}${e}${s}${x}`),
    fc.tuple(fc.constantFrom('+', '-', '\u2212', '--', '+-', '\u00b1', '+ '), decimalText).map(([s, d]) => s + d),
    fc.tuple(decimalText, decimalText, fc.constantFrom(' ', '  ', '\t', '\u00a0', '_', ',', "'", '\u202f')).map(([a, b, sep]) => `${a}${sep}${b}`),
    fc.tuple(decimalText, fc.constantFrom(...DIGIT_SETS)).map(([d, zero]) => digitsIn(d, zero)),
    fc.tuple(decimalText, fc.constantFrom(...ZERO_WIDTH), fc.nat()).map(([d, z, at]) => insertAt(d, z, at)),
    fc.constantFrom(
      'NaN', 'Infinity', '-Infinity', '+Infinity', 'infinity', 'nan', 'null', 'undefined', 'true', '0x1A', '0X10',
      '0b101', '0o17', '1_000', '1,000', '1,5', '\u0661\u066b\u0665', '.', '..', '1..2', '1.2.3', '', ' ', '\t\n',
      '1.', '.e1', '\u221e', '\u00bd', '\u00b9\u00b2\u00b3', '\u2160', '0', '0.0', '000', '.0', '1e', 'e1', '1 e3',
      '\u0000', '1\u0000', '"1"', '[1]', '1/2', '2**64', '1.7976931348623157e308',
    ),
    fc
      .tuple(fc.integer({ min: decimals + 1, max: decimals + 60 }), fc.integer({ min: 0, max: 1000 }))
      .map(([places, whole]) => `${whole}.${'0'.repeat(places - 1)}1`),
    fc
      .tuple(fc.integer({ min: 200, max: 6000 }), fc.constantFrom('9', '1', '0', 'x', '.', '\u0661', '\uff11', '-', 'e'))
      .map(([n, c]) => c.repeat(n)),
    fc.integer({ min: 21, max: 300 }).map((n) => '1' + '0'.repeat(n)),
  );

/** Strings that are not a known token (or are one, padded or dressed; the predicate sorts those out). */
const hostileTokenString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    '', ' ', '\t', '\u200b', '\u{1F680}', '\u{1F4A9}', 'SOL\u{1F680}', '\u{1F1FA}\u{1F1F8}', '\uff33\uff2f\uff2c',
    '\u0405OL', 'S\u041eL', 'SOL\u200b', '\u200bSOL', 'S\u0301OL', 'SOL\u0000', 'SOL ', ' sol', 'SOLANA', 'US DC',
    'USDC\ufe0f', 'B\u041eNK', '\u017fol', 'DOGE', 'null', 'undefined', '$SOL', 'SOL/USDC', '../SOL', '%53OL',
    'So11111111111111111111111111111111111111112'.toLowerCase(), 'So1111111111111111111111111111111111111111',
    'So11111111111111111111111111111111111111112x', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1V',
    '\u0635\u0648\u0644', '\u30bd\u30e9\u30ca', '\u0000', '\u202eLOS', '<script>', "'; DROP TABLE orders; --",
  ),
  fc.tuple(fc.integer({ min: 65, max: 4000 }), fc.constantFrom('A', 'S', '\u{1F680}', '\u00e9', ' ')).map(([n, c]) => c.repeat(n)),
  fc.tuple(fc.constantFrom(...TOKENS.map((t) => t.symbol)), fc.integer({ min: 61, max: 3000 })).map(([s, n]) => ' '.repeat(n) + s),
);

const hostileSlippage = fc.oneof(
  fc.double({ min: 0.5, minExcluded: true, noNaN: true, noDefaultInfinity: true }).map(toText),
  fc.double({ max: 0, maxExcluded: true, noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)).map(toText),
  fc.double({ min: 0, max: 0.5, noNaN: true }).filter((x) => !slippageOk(x)).map(toText),
  fc.integer({ min: 1, max: 4999 }).chain((bps) => fc.integer({ min: 1, max: 9 }).map((d) => toText(bps / 10_000 + d / 100_000))),
  fc.constantFrom('"0.01"', '"1%"', '"50bps"', '"0.005 "', '0.00001', '0.50001', '1', '-0.0', '0.12345'),
);

export const hostileString = fc.oneof(hostileTokenString, hostileNumericString(9)).map(toText);

export const hostileFor = (field: Field, o: Order): fc.Arbitrary<string> => {
  switch (field) {
    case 'tokenIn':
    case 'tokenOut':
      return fc.oneof({ weight: 3, arbitrary: hostileTokenString.map(toText) }, wrongTypes, rawNumbers, hostileString);
    case 'amountIn':
      return fc.oneof(
        { weight: 4, arbitrary: hostileNumericString(o.decimals).map(toText) },
        { weight: 2, arbitrary: rawNumbers },
        wrongTypes,
        hostileString,
      );
    case 'slippage':
      return fc.oneof({ weight: 3, arbitrary: hostileSlippage }, rawNumbers, wrongTypes, hostileString);
  }
};
