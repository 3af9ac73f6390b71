import fc from 'fast-check';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Token, TOKENS } from '@app/dex';
import { RunningEngine, startEngine } from './support/engine';
import { TEST_ENV } from './support/test-env';

/**
 * Property-based fuzzing of POST /api/orders/execute. The promise: hostile input gets a 4xx
 * (400, 413 or 415) with a coded JSON error body, never a 2xx or 5xx, never a stack trace, and
 * stores nothing. The generators build invalid requests on purpose, and every generated body is
 * also passed through `mightBeAccepted`, an independent copy of the validation rules, so a body
 * the rules would accept is never sent with the expectation of a 4xx.
 *
 * The suite runs on a database of its own (the test database's name + "_fuzz", recreated here)
 * and its own queue prefix: other suites running at the same time on the shared test database
 * would otherwise change the order count that proves "stores nothing".
 *
 * Runs are reproducible: the seed is fixed. For a random seed run with FUZZ_SEED=random (the
 * seed is printed on failure; pass it back as FUZZ_SEED=<n> to replay), and scale the number of
 * runs with FUZZ_RUNS=<factor> (default 1).
 */
const SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20_261_124);
const RUNS_FACTOR = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * RUNS_FACTOR));
const params = <T>(numRuns: number): fc.Parameters<T> => ({ numRuns: runs(numRuns), seed: SEED });

const FUZZ_DATABASE_URL = (() => {
  const url = new URL(TEST_ENV.DATABASE_URL);
  url.pathname = `${url.pathname}_fuzz`;
  return url.toString();
})();
const FUZZ_QUEUE_PREFIX = 'fuzz-e2e';

/** Drops the suite's own database; the engine creates and migrates it again on start. */
async function dropFuzzDatabase(): Promise<void> {
  const name = new URL(FUZZ_DATABASE_URL).pathname.slice(1);
  const admin = new URL(FUZZ_DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

const BODY_LIMIT = 16 * 1024;
const ALLOWED_STATUS = new Set([400, 413, 415]);
const ALLOWED_KEYS = new Set(['tokenIn', 'tokenOut', 'amountIn', 'slippage']);
const U64_MAX = 2n ** 64n - 1n;

// ---------------------------------------------------------------------------------------------
// An independent copy of the acceptance rules (README "HTTP API"), kept permissive: when in
// doubt it answers "might be accepted", and such bodies are left out rather than expected to fail.
// ---------------------------------------------------------------------------------------------

/** Length as class-validator's isLength counts it (surrogate pairs and variation selectors as one). */
function validatorLength(s: string): number {
  const presentation = s.match(/[^\uFE0F\uFE0E][\uFE0F\uFE0E]/g) ?? [];
  const pairs = s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g) ?? [];
  return s.length - presentation.length - pairs.length;
}

function resolveToken(value: unknown): Token | undefined {
  if (typeof value !== 'string') return undefined;
  const len = validatorLength(value);
  if (len < 1 || len > 64) return undefined;
  const wanted = value.trim();
  return TOKENS.find((t) => t.mint === wanted) ?? TOKENS.find((t) => t.symbol === wanted.toUpperCase());
}

function amountOk(value: unknown, decimals: number): boolean {
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else return false;
  const match = /^(\d*)(?:\.(\d+))?$/.exec(text);
  if (!match || (match[1] === '' && match[2] === undefined)) return false;
  const [, whole, fraction = ''] = match;
  if (fraction.length > decimals) return false;
  const base = BigInt((whole || '0') + fraction.padEnd(decimals, '0'));
  return base > 0n && base <= U64_MAX;
}

function slippageOk(value: unknown): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 0.5) return false;
  return /^\d+(?:\.\d{1,4})?$/.test(String(value));
}

function mightBeValidOrder(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const o = body as Record<string, unknown>;
  if (Object.keys(o).some((k) => !ALLOWED_KEYS.has(k))) return false;
  const tokenIn = resolveToken(o.tokenIn);
  const tokenOut = resolveToken(o.tokenOut);
  if (!tokenIn || !tokenOut || tokenIn.mint === tokenOut.mint) return false;
  if (!amountOk(o.amountIn, tokenIn.decimals)) return false;
  if ('slippage' in o && !slippageOk(o.slippage)) return false;
  return true;
}

/** The server's reading of a JSON body: UTF-8 (bad bytes become U+FFFD), a leading BOM dropped. */
function mightBeAccepted(raw: Buffer): boolean {
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return mightBeValidOrder(JSON.parse(text));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP and the checks every rejected request must pass
// ---------------------------------------------------------------------------------------------

interface Sent {
  body?: Buffer;
  contentType?: string;
}

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

let baseUrl = '';
let requestsSent = 0;

/** fetch (keep-alive) rather than supertest: one connection for thousands of requests. */
async function post({ body, contentType }: Sent): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (contentType !== undefined) headers['content-type'] = contentType;
  requestsSent++;
  const res = await fetch(`${baseUrl}/api/orders/execute`, { method: 'POST', headers, body });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

const LEAKS = [/\/work\//g, /node_modules/g, /(?:^|\n|\\n)\s*at \S+/g, /\.[jt]s:\d+:\d+/g, /\bRangeError\b|\bTypeError\b/g];

function describeSent(sent: Sent): string {
  const text = sent.body?.toString('utf8') ?? '<no body>';
  const shown = text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
  return `content-type ${JSON.stringify(sent.contentType)}, body ${JSON.stringify(shown)}`;
}

/** Sends one request that must be refused, and throws (with the exchange) if it is not. */
async function expectRejected(sent: Sent): Promise<void> {
  const res = await post(sent);
  const fail = (why: string): never => {
    throw new Error(`${why}\n  sent: ${describeSent(sent)}\n  got: ${res.status} ${res.contentType} ${res.text.slice(0, 500)}`);
  };
  if (!ALLOWED_STATUS.has(res.status)) fail(`status ${res.status} is not 400, 413 or 415`);
  if (!/^application\/json\b/.test(res.contentType ?? '')) fail('the error body is not JSON');
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    fail('the error body does not parse as JSON');
  }
  const b = body as { statusCode?: unknown; code?: unknown };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('the error body is not an object');
  if (typeof b.statusCode !== 'number' || b.statusCode !== res.status) fail('statusCode does not equal the HTTP status');
  if (typeof b.code !== 'string' || b.code === '') fail('no string code');
  const sentText = sent.body?.toString('utf8') ?? '';
  for (const pattern of LEAKS) {
    for (const match of res.text.matchAll(pattern)) {
      // Messages may quote the request (an unknown token is named); only text we did not send leaks.
      if (!sentText.includes(match[0]) && !JSON.stringify(sentText).includes(match[0])) {
        fail(`the error body leaks internals: ${JSON.stringify(match[0])}`);
      }
    }
  }
}

const json = (body: string): Sent => ({ body: Buffer.from(body, 'utf8'), contentType: 'application/json' });

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

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

interface Order {
  tokenIn: string;
  tokenOut: string;
  amountIn: number | string;
  slippage?: number;
  decimals: number;
}

const validOrder: fc.Arbitrary<Order> = fc
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
const entriesOf = (o: Order): Array<[string, string]> =>
  (['tokenIn', 'tokenOut', 'amountIn', 'slippage'] as const)
    .filter((k) => o[k] !== undefined)
    .map((k) => [k, JSON.stringify(o[k])]);

/** Raw JSON object text from [key, value text] pairs: a "__proto__" key survives, as it would not in JSON.stringify. */
const objectText = (entries: Array<[string, string]>) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;

const validOrderText = validOrder.map((o) => objectText(entriesOf(o)));

// Hostile values, each as raw JSON text.
const toText = (v: unknown) => JSON.stringify(v) ?? 'null';

const rawNumbers = fc.constantFrom(
  '1e308', '-1e308', '1.7976931348623157e308', '1e400', '-1e400', '9007199254740993', '9007199254740992',
  '1e-320', '5e-324', '-0', '0', '0.0', '-1', '-0.5', '1E2', '1e+2', '1e-2', '0.1e1', '100e-2',
  '123456789012345678901234567890', '18446744073709551616', '18446744073709551615.0000000001', '0.00000000001',
  '1.0000000000000000000001', '0.6', '0.50001', '0.12345', '-0.0001', '1', '2', '0.5000000001',
);

const wrongTypes = fc.oneof(
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

const hostileString = fc.oneof(hostileTokenString, hostileNumericString(9)).map(toText);

type Field = 'tokenIn' | 'tokenOut' | 'amountIn' | 'slippage';

const hostileFor = (field: Field, o: Order): fc.Arbitrary<string> => {
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

/** A valid order with one field replaced by a hostile value, removed, or made equal to the other token. */
const nearValidBody: fc.Arbitrary<string> = validOrder
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

const extraKeyBody: fc.Arbitrary<string> = fc
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

// ---------------------------------------------------------------------------------------------

describe('fuzzing POST /api/orders/execute: hostile input gets a 4xx and stores nothing', () => {
  let engine: RunningEngine;
  let db: Client;

  beforeAll(async () => {
    await dropFuzzDatabase();
    const redis = new Redis(TEST_ENV.REDIS_URL);
    const keys = await redis.keys(`${FUZZ_QUEUE_PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    engine = await startEngine({ RUN_WORKER: 'false', DATABASE_URL: FUZZ_DATABASE_URL, QUEUE_PREFIX: FUZZ_QUEUE_PREFIX });
    baseUrl = engine.baseUrl;
    db = new Client({ connectionString: FUZZ_DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    console.log(`fuzz: ${requestsSent} requests, seed ${SEED ?? 'random'}`);
    await db?.end();
    await engine?.close();
  });

  const orderCount = async () => Number((await db.query('SELECT count(*) FROM orders')).rows[0].count);

  /** Runs the property and then checks that no order was stored while it ran. */
  async function fuzz<T>(arbitrary: fc.Arbitrary<T>, toRequest: (value: T) => Sent, numRuns: number): Promise<void> {
    const before = await orderCount();
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => expectRejected(toRequest(value))),
      params<[T]>(numRuns),
    );
    expect(await orderCount()).toBe(before);
  }

  it('positive control: a valid order is accepted with 202 and stored exactly once', async () => {
    const before = await orderCount();
    const res = await post(json(JSON.stringify({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' })));
    expect(res.status).toBe(202);
    expect(JSON.parse(res.text)).toMatchObject({ status: 'pending', orderId: expect.any(String) });
    expect(await orderCount()).toBe(before + 1);
  });

  it('1. refuses arbitrary JSON values as the whole body', async () => {
    const fieldsOfAnyType = fc.record(
      { tokenIn: fc.jsonValue(), tokenOut: fc.jsonValue(), amountIn: fc.jsonValue(), slippage: fc.jsonValue() },
      { requiredKeys: [] },
    );
    const body = fc
      .oneof(fc.jsonValue(), fc.anything(), fieldsOfAnyType)
      .map((v) => JSON.stringify(v))
      .filter((t): t is string => t !== undefined && Buffer.byteLength(t) <= BODY_LIMIT)
      .filter((t) => !mightBeAccepted(Buffer.from(t)));
    await fuzz(body, json, 600);
  }, 60_000);

  it('2a. refuses near-valid orders with one field made hostile', async () => {
    await fuzz(nearValidBody, json, 900);
  }, 60_000);

  it('2b. refuses near-valid orders with unknown extra keys (constructor, prototype, __proto__, random)', async () => {
    await fuzz(extraKeyBody, json, 300);
  }, 60_000);

  it('3a. refuses bodies that are not valid JSON, or JSON that is not an order', async () => {
    const body = fc.oneof(
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
    );
    await fuzz(body.filter((b) => !mightBeAccepted(b)), (b) => ({ body: b, contentType: 'application/json' }), 500);
  }, 60_000);

  it('3b. refuses deeply nested values inside an otherwise valid order', async () => {
    type Deep = [order: Order, where: Field | 'extra' | 'whole body', depth: number, arrays: boolean];
    const deepBody = ([o, where, depth, arrays]: Deep): string => {
      // Arrays cost 2 bytes a level, objects ({"":…}) 5: both stay under the 16 KiB limit.
      const nested = arrays ? '['.repeat(depth) + '1' + ']'.repeat(depth) : '{"":'.repeat(depth) + '1' + '}'.repeat(depth);
      if (where === 'whole body') return `{"a":${nested}}`;
      return objectText([...entriesOf(o).filter(([k]) => k !== where), [where, nested]]);
    };
    const deep: fc.Arbitrary<Deep> = fc
      .tuple(
        validOrder,
        fc.constantFrom<Deep[1]>('tokenIn', 'tokenOut', 'amountIn', 'slippage', 'extra', 'whole body'),
        fc.integer({ min: 100, max: 7000 }),
        fc.boolean(),
      )
      .map(([o, where, depth, arrays]): Deep => [o, where, arrays ? depth : Math.min(depth, 3000), arrays])
      .filter((d) => Buffer.byteLength(deepBody(d)) <= BODY_LIMIT && !mightBeAccepted(Buffer.from(deepBody(d))));
    await fuzz(deep, (d) => json(deepBody(d)), 100);
  }, 120_000);

  it('4. refuses prototype-pollution payloads, and nothing gets polluted', async () => {
    const injected = new Set<string>();
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const arrayProtoBefore = Object.getOwnPropertyNames(Array.prototype).sort();

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
    const pollutedKey = fc.stringMatching(/^[a-z]{3,10}$/).map((s) => `polluted_${s}`);
    const member = fc.tuple(fc.boolean(), pollutedKey, spelled('__proto__'), spelled('constructor'), spelled('prototype'), fc.jsonValue({ maxDepth: 1 }))
      .map(([viaProto, key, proto, ctor, prototype, value]) => {
        injected.add(key);
        const payload = `{${JSON.stringify(key)}:${toText(value === null ? true : value)}}`;
        return viaProto ? `${proto}:${payload}` : `${ctor}:{${prototype}:${payload}}`;
      });
    const body = fc
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
    await fuzz(body, json, 300);

    for (const key of injected) {
      expect(({} as Record<string, unknown>)[key]).toBeUndefined();
      expect(([] as unknown as Record<string, unknown>)[key]).toBeUndefined();
      expect((Object.create(null) as Record<string, unknown>)[key]).toBeUndefined();
    }
    expect(injected.size).toBeGreaterThan(0);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayProtoBefore);
  }, 60_000);

  const formOf = (fields: Array<[string, string]>) =>
    fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const orderFields = (o: Order): Array<[string, string]> =>
    entriesOf(o).map(([k, v]) => [k, String(JSON.parse(v))]);
  const multipartOf = (fields: Array<[string, string]>) =>
    fields.map(([k, v]) => `--XyZ\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + '--XyZ--\r\n';

  /** Requests kept as text until sent, so a counterexample prints readably. */
  interface TextRequest {
    body?: string;
    contentType?: string;
  }
  const fromText = (r: TextRequest): Sent => ({ body: r.body === undefined ? undefined : Buffer.from(r.body), contentType: r.contentType });

  it('5a. refuses other content types, and requests without a body', async () => {
    const token = fc.stringMatching(/^[a-z][a-z0-9.+-]{0,15}$/);
    const contentType = fc
      .oneof(
        fc.constantFrom(
          'text/plain', 'text/plain; charset=utf-8', 'multipart/form-data; boundary=XyZ', 'multipart/form-data',
          'application/xml', 'text/xml', 'application/octet-stream', 'text/html', 'application/javascript', 'text/csv',
          'application/vnd.api+json', 'application/json-patch+json', 'application/ld+json', 'text/json',
          'application/x-json', 'application/jsonx', 'application/json, text/plain', 'text/plain, application/json',
          'image/png', '*/*', 'application/*', 'garbage', ';', '', 'application/x-www-form-urlencodedx',
        ),
        fc.tuple(token, token, fc.constantFrom('', '; charset=utf-8', '; boundary=XyZ')).map(([a, b, p]) => `${a}/${b}${p}`),
      )
      .filter((ct) => !['application/json', 'application/x-www-form-urlencoded'].includes(ct.split(';')[0].trim().toLowerCase()));
    const body = fc.oneof(
      validOrderText,
      validOrder.map((o) => multipartOf(orderFields(o))),
      validOrder.map((o) => formOf(orderFields(o))),
      fc.string({ maxLength: 100 }),
      fc.constant(''),
      fc.constant(undefined),
    );
    const request = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(body, contentType).map(([b, ct]): TextRequest => ({ body: b, contentType: ct })) },
      // No body at all: without a content type, and with application/json.
      fc.constantFrom<TextRequest>({}, { contentType: 'application/json' }, { body: '' }, { body: '', contentType: 'application/json' }),
    );
    await fuzz(request, fromText, 250);
  }, 60_000);

  it('5b. refuses form-urlencoded bodies', async () => {
    const fields = fc.oneof(
      { withCrossShrink: true },
      validOrder.map(orderFields),
      validOrder.map((o) => [...orderFields(o), ['__proto__', 'x'] as [string, string]]),
      validOrder.map((o) => [...orderFields(o), ['constructor', 'x'] as [string, string]]),
      fc.array(fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 })), { maxLength: 6 }),
    );
    const request = fc
      .tuple(fields, fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8'))
      .map(([f, ct]): TextRequest => ({ body: formOf(f), contentType: ct }));
    await fuzz(request, fromText, 150);
  }, 60_000);
});
