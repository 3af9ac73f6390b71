import fc from 'fast-check';
import { entriesOf, Field, validOrder } from './order-bodies';
import { toText } from './hostile-values';

/** The key as JSON text, each character optionally written as a \u escape. */
const spelled = (key: string) =>
  fc
    .array(fc.constantFrom('raw', 'lower', 'upper'), { minLength: key.length, maxLength: key.length })
    .map((how) => {
      const chars = [...key].map((c, i) => {
        if (how[i] === 'raw') return c;
        const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
        return `\\u${how[i] === 'upper' ? hex.toUpperCase() : hex}`;
      });
      return `"${chars.join('')}"`;
    });

/**
 * Prototype-pollution payloads: a valid order carrying `"__proto__": {…}` or
 * `"constructor": {"prototype": {…}}` at the top, first, nested, inside an array, in place of a
 * field, or twice. Each payload sets a fresh `polluted_<name>` key and adds it to `injected`, so
 * the test can check afterwards that no object gained it.
 */
export function pollutionBody(injected: Set<string>): fc.Arbitrary<string> {
  const pollutedKey = fc.stringMatching(/^[a-z]{3,10}$/).map((s) => `polluted_${s}`);
  const member = fc.tuple(fc.boolean(), pollutedKey, spelled('__proto__'), spelled('constructor'), spelled('prototype'), fc.jsonValue({ maxDepth: 1 }))
    .map(([viaProto, key, proto, ctor, prototype, value]) => {
      injected.add(key);
      const payload = `{${JSON.stringify(key)}:${toText(value === null ? true : value)}}`;
      return viaProto ? `${proto}:${payload}` : `${ctor}:{${prototype}:${payload}}`;
    });
  return fc
    .tuple(validOrder, member, fc.constantFrom('top', 'top-first', 'nested', 'in array', 'as field', 'twice'), fc.integer({ min: 1, max: 6 }), fc.constantFrom<Field>('tokenIn', 'tokenOut', 'amountIn', 'slippage'))
    .map(([o, m, where, depth, field]) => {
      const entries = entriesOf(o).map(([k, v]) => `${JSON.stringify(k)}:${v}`);
      const nest = (inner: string) => '{"x":'.repeat(depth - 1) + `{${inner}}` + '}'.repeat(depth - 1);
      switch (where) {
        case 'top':
          return `{${[...entries, m].join(',')}}`;
        case 'top-first':
          return `{${[m, ...entries].join(',')}}`;
        case 'nested':
          return `{${[...entries, `"meta":${nest(m)}`].join(',')}}`;
        case 'in array':
          return `{${[...entries, `"meta":[1,${nest(m)}]`].join(',')}}`;
        case 'as field':
          return `{${[...entries.filter((e) => !e.startsWith(`"${field}"`)), `"${field}":${nest(m)}`].join(',')}}`;
        default:
          return `{${[m, ...entries, m].join(',')}}`;
      }
    });
}
