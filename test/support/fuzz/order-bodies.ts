import fc from 'fast-check';
import { Token, TOKENS } from '@app/dex';
import { amountOk } from './rule-oracle';

/**
 * Generators of valid orders, and the raw JSON text they are written as. The hostile generators
 * start from these and break one thing at a time.
 */

/** A token reference the engine resolves: symbol in any letter case, or exact mint. */
const tokenRef = (t: Token) =>
  fc.oneof(
    fc.constant(t.symbol),
    fc.constant(t.mint),
    fc
      .array(fc.boolean(), { minLength: t.symbol.length, maxLength: t.symbol.length })
      .map((lower) => [...t.symbol].map((c, i) => (lower[i] ? c.toLowerCase() : c)).join('')),
  );

const validAmount = (decimals: number) =>
  fc
    .oneof(
      fc.integer({ min: 1, max: 1_000_000 }),
      fc
        .tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: Math.min(decimals, 4) }))
        .map(([n, d]) => n / 10 ** d),
      fc
        .tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.stringMatching(new RegExp(`^\\d{0,${decimals}}$`)))
        .map(([w, f]) => (f ? `${w}.${f}` : `${w}`)),
    )
    .filter((a) => amountOk(a, decimals));

const validSlippage = fc.integer({ min: 0, max: 5000 }).map((bps) => bps / 10_000);

export interface Order {
  tokenIn: string;
  tokenOut: string;
  amountIn: number | string;
  slippage?: number;
  decimals: number;
}

/** The fields of an order body. */
export type Field = 'tokenIn' | 'tokenOut' | 'amountIn' | 'slippage';

export const validOrder: fc.Arbitrary<Order> = fc
  .tuple(fc.integer({ min: 0, max: TOKENS.length - 1 }), fc.integer({ min: 1, max: TOKENS.length - 1 }))
  .chain(([i, shift]) => {
    const a = TOKENS[i];
    const b = TOKENS[(i + shift) % TOKENS.length];
    return fc.record(
      {
        tokenIn: tokenRef(a),
        tokenOut: tokenRef(b),
        amountIn: validAmount(a.decimals),
        slippage: validSlippage,
        decimals: fc.constant(a.decimals),
      },
      { requiredKeys: ['tokenIn', 'tokenOut', 'amountIn', 'decimals'] },
    );
  });

/** The order's fields as [key, raw JSON value text] pairs, in order. */
export const entriesOf = (o: Order): Array<[string, string]> =>
  (['tokenIn', 'tokenOut', 'amountIn', 'slippage'] as const)
    .filter((k) => o[k] !== undefined)
    .map((k) => [k, JSON.stringify(o[k])]);

/** Raw JSON object text from [key, value text] pairs: a "__proto__" key survives, as it would not in JSON.stringify. */
export const objectText = (entries: Array<[string, string]>) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;

export const validOrderText = validOrder.map((o) => objectText(entriesOf(o)));
