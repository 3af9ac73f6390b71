import fc from 'fast-check';
import { connect } from 'node:net';
import { validOrderText } from './order-bodies';
import { Answer, refusalProblem } from './order-endpoint';

/**
 * Requests that are odd at the HTTP level rather than in their JSON: unknown or unserved methods,
 * duplicated or missing headers, absurd header names and values, framing headers that contradict
 * each other. They are written byte by byte on a socket (fetch would refuse to send most of
 * them). Each starts from a valid order and gets exactly one poison, a change that alone makes
 * the request one the engine must refuse, plus harmless noise headers; so every one must get a
 * 4xx with the coded error body, and none may store an order.
 */

export interface RawRequest {
  /** What makes it a request to refuse (shown in a counterexample). */
  poison: string;
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: string;
}

type Poison = (r: RawRequest) => RawRequest;

const ENDPOINT = '/api/orders/execute';

const base = (body: string): RawRequest => ({
  poison: '',
  method: 'POST',
  target: ENDPOINT,
  headers: [
    ['Host', '127.0.0.1'],
    ['Content-Type', 'application/json'],
    ['Content-Length', String(Buffer.byteLength(body, 'latin1'))],
  ],
  body,
});

const withHeader = (r: RawRequest, name: string, value: string, at = r.headers.length): RawRequest => ({
  ...r,
  headers: [...r.headers.slice(0, at), [name, value], ...r.headers.slice(at)],
});
const without = (r: RawRequest, name: string): RawRequest => ({
  ...r,
  headers: r.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase()),
});
const replacing = (r: RawRequest, name: string, value: string): RawRequest => withHeader(without(r, name), name, value, 0);
const poisoned = (label: string, change: Poison) => (r: RawRequest) => ({ ...change(r), poison: label });

/** A header value that HTTP allows: visible ASCII, spaces, tabs and obs-text (bytes 0x80-0xff). */
const headerValue = (maxLength: number) =>
  fc
    .string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff })).map((c) => String.fromCharCode(c)), maxLength })
    .map((v) => v.replace(/^[ \t]+|[ \t]+$/g, ''));

/** Every method but POST (the endpoint's) and HEAD (its answers have no body to check). */
const oddMethod = fc
  .oneof(
    fc.constantFrom(
      'GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE',
      'LOCK', 'UNLOCK', 'SEARCH', 'QUERY', 'PURGE', 'REPORT', 'MKACTIVITY', 'CHECKOUT', 'MERGE', 'M-SEARCH', 'NOTIFY',
      'SUBSCRIBE', 'UNSUBSCRIBE', 'LINK', 'UNLINK', 'SOURCE', 'BIND', 'ACL', 'post', 'Post', 'POSTX', 'PO ST', 'BREW',
    ),
    fc.stringMatching(/^[A-Z][A-Z_-]{0,15}$/),
    fc.stringMatching(/^[\x21-\x7e]{1,24}$/),
    fc.integer({ min: 100, max: 5000 }).map((n) => 'P'.repeat(n)),
  )
  .filter((m) => m !== 'POST' && m !== 'HEAD');

const CODINGS = ['gzip', 'x-gzip', 'deflate', 'br', 'compress', 'zstd', 'GZIP', 'gzip, identity', 'identity, gzip', '*', 'chunked', 'aes128gcm'];
const contentCoding = fc
  .oneof(fc.constantFrom(...CODINGS), headerValue(40))
  .filter((v) => v !== '' && v.toLowerCase() !== 'identity');

/** Node treats any Expect naming 100-continue as that expectation, which is served. */
const oddExpectation = headerValue(60).filter((v) => v !== '' && !/(?:^|\W)100-continue(?:$|\W)/i.test(v));

const idempotencyKeyOk = (v: string) => /^[\x21-\x7e]{1,255}$/.test(v);
const oddIdempotencyKey = fc
  .oneof(
    fc.constantFrom('', 'a b', 'key\u00e9', '\u00ff\u00fe'),
    fc.integer({ min: 256, max: 4000 }).map((n) => 'k'.repeat(n)),
    headerValue(300),
  )
  .filter((v) => !idempotencyKeyOk(v));

/** A media type that is not application/json (text/plain included: Fastify reads it as a string). */
const notJsonType = fc
  .tuple(
    fc.oneof(fc.constantFrom('text', 'image', 'multipart', 'audio', 'x', '*'), fc.stringMatching(/^[a-z0-9.+-]{1,12}$/)),
    fc.stringMatching(/^[a-z0-9.+*-]{1,12}$/),
    fc.oneof(fc.constant(''), headerValue(200).map((p) => `; ${p}`)),
  )
  .filter(([type]) => type !== 'application')
  .map(([type, subtype, params]) => `${type}/${subtype}${params}`);

/** Bytes no header name may hold (a colon is left out: it only ends the name early). */
const badNameChar = fc.constantFrom(' ', '(', ')', ',', '/', ';', '<', '=', '>', '?', '@', '[', ']', '{', '}', '"', '\\', '\u00e9', '\u00ff', '\u0001', '\u007f');
const badHeaderName = fc
  .tuple(fc.stringMatching(/^[A-Za-z-]{0,10}$/), badNameChar, fc.stringMatching(/^[A-Za-z-]{0,10}$/))
  .map(([a, c, b]) => a + c + b);

/** Control characters no header value may hold (CR and LF left out: they would reframe the request). */
const controlChar = fc.integer({ min: 0, max: 0x1f }).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d).map((c) => String.fromCharCode(c));

const POISONS: Array<fc.Arbitrary<Poison>> = [
  oddMethod.map((m) => poisoned(`method ${m.slice(0, 40)}`, (r) => ({ ...r, method: m }))),
  fc
    .tuple(fc.oneof(fc.constant('application/json'), notJsonType, headerValue(100)), fc.nat(4))
    .map(([ct, at]) => poisoned('a second Content-Type', (r) => withHeader(r, 'Content-Type', ct, at))),
  fc.tuple(headerValue(100), fc.nat(4)).map(([host, at]) => poisoned('a second Host', (r) => withHeader(r, 'Host', host, at))),
  fc.constant(poisoned('no Host', (r) => without(r, 'Host'))),
  contentCoding.map((v) => poisoned(`Content-Encoding ${v}`, (r) => withHeader(r, 'Content-Encoding', v))),
  oddExpectation.map((v) => poisoned(`Expect ${v}`, (r) => withHeader(r, 'Expect', v))),
  fc.nat().map((n) => poisoned('a Content-Length short of the body', (r) => replacing(r, 'Content-Length', String(n % Buffer.byteLength(r.body, 'latin1'))))),
  fc
    .oneof(fc.constant(''), fc.constant('+1'), fc.constant('-1'), fc.constant('0x10'), fc.constant('1e2'), fc.constant('99999999999999999999'), fc.constant('1, 1'))
    .map((v) => poisoned(`Content-Length ${JSON.stringify(v)}`, (r) => replacing(r, 'Content-Length', v))),
  fc.constant(poisoned('two Content-Length headers', (r) => withHeader(r, 'Content-Length', String(Buffer.byteLength(r.body, 'latin1'))))),
  fc
    .constantFrom('chunked', 'gzip', 'chunked, gzip', 'gzip, chunked', 'identity', 'xchunked', 'chunked, chunked', '')
    .map((te) => poisoned(`Transfer-Encoding ${te} with Content-Length`, (r) => withHeader(r, 'Transfer-Encoding', te))),
  fc
    .tuple(headerValue(20), controlChar, headerValue(20))
    .map(([a, c, b]) => poisoned(`a control character ${c.charCodeAt(0)} in a header value`, (r) => withHeader(r, 'X-Fuzz', a + c + b))),
  fc.tuple(badHeaderName, headerValue(20)).map(([n, v]) => poisoned(`header name ${JSON.stringify(n)}`, (r) => withHeader(r, n, v))),
  fc
    .oneof(
      fc.integer({ min: 16_400, max: 40_000 }).map((n) => [['X-Big', 'v'.repeat(n)]] as Array<[string, string]>),
      fc.integer({ min: 1_700, max: 3_000 }).map((n) => Array.from({ length: n }, (_, i): [string, string] => [`X-H${i}`, 'vvvv'])),
    )
    .map((extra) => poisoned(`headers over 16 KiB (${extra.length})`, (r) => ({ ...r, headers: [...r.headers, ...extra] }))),
  fc
    .tuple(oddIdempotencyKey, fc.boolean())
    .map(([k, twice]) =>
      twice
        ? poisoned('two Idempotency-Key headers', (r) => withHeader(withHeader(r, 'Idempotency-Key', 'a'), 'Idempotency-Key', 'b'))
        : poisoned(`Idempotency-Key ${JSON.stringify(k.slice(0, 40))}`, (r) => withHeader(r, 'Idempotency-Key', k)),
    ),
  notJsonType.map((ct) => poisoned(`Content-Type ${ct.slice(0, 60)}`, (r) => replacing(r, 'Content-Type', ct))),
  fc.integer({ min: 2_100, max: 8_000 }).map((n) => poisoned(`a URL of ${n} characters`, (r) => ({ ...r, target: `${ENDPOINT}?${'q'.repeat(n)}` }))),
];

/** Headers that change nothing about how the request is read (none of the poisoned ones). */
const noiseHeader = fc.tuple(
  fc.oneof(
    fc.constantFrom('Accept', 'Accept-Language', 'User-Agent', 'Referer', 'Origin', 'Cache-Control', 'Pragma', 'Cookie', 'Via', 'Forwarded', 'X-Forwarded-For', 'X-Request-Id', 'DNT'),
    fc.stringMatching(/^X-[A-Za-z0-9-]{1,20}$/),
  ),
  headerValue(200),
);

export const oddRequest: fc.Arbitrary<RawRequest> = fc
  .tuple(validOrderText, fc.oneof(...POISONS), fc.array(noiseHeader, { maxLength: 4 }))
  .map(([body, poison, noise]) => {
    const r = poison(base(body));
    return { ...r, headers: [...r.headers, ...noise] };
  });

/** The request's bytes: latin1, so that each character is one byte (obs-text included). */
export function requestBytes(r: RawRequest): Buffer {
  const head = [`${r.method} ${r.target} HTTP/1.1`, ...r.headers.map(([n, v]) => `${n}: ${v}`), 'Connection: close'].join('\r\n');
  return Buffer.from(`${head}\r\n\r\n${r.body}`, 'latin1');
}

/** The first response on a raw connection, read until the server closes it. */
export function sendRaw(baseUrl: string, bytes: Buffer, deadlineMs = 10_000): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const deadline = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${deadlineMs} ms`));
    }, deadlineMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    // The server may close before it read the whole request (a 431, a malformed head): that is
    // its right, and what it answered before is still in `chunks`.
    socket.on('error', () => undefined);
    socket.on('connect', () => socket.write(bytes));
    socket.on('close', () => {
      clearTimeout(deadline);
      resolve(parseResponse(Buffer.concat(chunks).toString('latin1')));
    });
  });
}

function parseResponse(text: string): Answer {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine, ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  let body = end < 0 ? '' : text.slice(end + 4);
  const length = headers.get('content-length');
  if (length !== undefined) body = body.slice(0, Number(length));
  else if (headers.get('transfer-encoding') === 'chunked') body = unchunk(body);
  return { status, contentType: headers.get('content-type') ?? null, text: Buffer.from(body, 'latin1').toString('utf8') };
}

function unchunk(body: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = parseInt(body.slice(at, lineEnd), 16);
    if (!(size > 0)) return out;
    out += body.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

/** Sends one odd request and throws (with the exchange) unless it was refused with a 4xx and the error body. */
export async function expectRefused(baseUrl: string, r: RawRequest): Promise<void> {
  const bytes = requestBytes(r);
  const res = await sendRaw(baseUrl, bytes);
  const problem = refusalProblem(res, bytes.toString('latin1'), (s) => s >= 400 && s < 500, 'a 4xx');
  if (problem) {
    const head = bytes.toString('latin1');
    const shown = head.length > 600 ? `${head.slice(0, 600)}… (${head.length} bytes)` : head;
    throw new Error(`${problem}\n  poison: ${r.poison}\n  sent: ${JSON.stringify(shown)}\n  got: ${res.status} ${res.contentType} ${res.text.slice(0, 300)}`);
  }
}
