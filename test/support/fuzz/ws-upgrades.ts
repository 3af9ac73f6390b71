import fc from 'fast-check';

/**
 * Generated WebSocket upgrade requests (any method, target and headers) and the oracle that says
 * how the engine must answer each. The oracle is written from the documented behaviour, not from
 * the engine's code: its routing rule is a regular expression (fine on test data, the engine must
 * not use one), its handshake checks are RFC 6455's as `ws` applies them.
 */

export interface UpgradeCase {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  /** Reset the connection right after sending the request, before any answer. */
  reset: boolean;
}

/** What the engine must answer: an HTTP status among `statuses`, any HTTP answer below 500, or a WebSocket. */
export type UpgradeExpectation =
  /** `byParser`: refused by Node's HTTP parser (Fastify writes those answers), not by the engine's upgrade router. */
  | { kind: 'refused'; statuses: number[]; why: string; byParser?: boolean }
  | { kind: 'http'; why: string }
  | { kind: 'ws'; opening: 'stream' | 'firehose' | 'badId' | 'notFound' }
  | { kind: 'either'; options: UpgradeExpectation[] };

export interface EdgeFacts {
  /** Ids of the orders that exist (lower case). */
  orderIds: string[];
  maxUrlLength: number;
}

/** HTTP methods Node's parser knows; any other method token is a parse error (400). */
const KNOWN_METHODS = new Set([
  'DELETE', 'GET', 'HEAD', 'POST', 'PUT', 'CONNECT', 'OPTIONS', 'TRACE', 'COPY', 'LOCK', 'MKCOL', 'MOVE', 'PROPFIND',
  'PROPPATCH', 'SEARCH', 'UNLOCK', 'BIND', 'REBIND', 'UNBIND', 'ACL', 'REPORT', 'MKACTIVITY', 'CHECKOUT', 'MERGE',
  'M-SEARCH', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE', 'PATCH', 'PURGE', 'MKCALENDAR', 'LINK', 'UNLINK', 'SOURCE', 'QUERY',
]);

/** The documented route: /ws/orders, optionally one segment, then trailing slashes; origin- or absolute-form. */
const ROUTE = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)?\/ws\/orders(?:\/([^/?#]*))?\/*(?:[?#][^]*)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WS_KEY = /^[+/0-9A-Za-z]{22}==$/;
/** Node's limit on a request's head (request line and headers). */
const MAX_HEAD_BYTES = 16 * 1024;

const headerValues = (headers: Array<[string, string]>, name: string) =>
  headers.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v.trim());

/** A header as Node joins repeated ones (`a, b`); undefined when absent. */
const joined = (headers: Array<[string, string]>, name: string) => {
  const values = headerValues(headers, name);
  return values.length === 0 ? undefined : values.join(', ');
};

const tokens = (value: string | undefined) => (value ?? '').split(',').map((t) => t.trim().toLowerCase());

/** Valid Sec-WebSocket-Protocol values: comma-separated distinct tokens. */
function validProtocols(value: string): boolean {
  const list = value.split(',').map((t) => t.trim());
  return list.every((t) => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(t)) && new Set(list).size === list.length;
}

function headBytes(c: UpgradeCase): number {
  return Buffer.byteLength(`${c.method} ${c.target} HTTP/1.1\r\n${c.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
}

/** How the engine must answer the request, checked in the order the engine (and Node before it) checks. */
export function expectedUpgrade(c: UpgradeCase, facts: EdgeFacts): UpgradeExpectation {
  if (!KNOWN_METHODS.has(c.method)) return { kind: 'refused', statuses: [400], why: 'an unknown method', byParser: true };
  const size = headBytes(c);
  // Node hands CONNECT (whatever its target) to its own event, which the engine answers 405; or its parser refuses it.
  if (c.method === 'CONNECT') {
    return { kind: 'refused', statuses: size > MAX_HEAD_BYTES - 512 ? [431, 400, 405] : [405, 400], why: 'CONNECT', byParser: true };
  }
  if (c.target === '' || /[^\x21-\x7e]/.test(c.target)) {
    const unparsable: UpgradeExpectation = { kind: 'refused', statuses: [400], why: 'a target Node cannot parse', byParser: true };
    // Node's parser lets spaces around the target pass: then it is the trimmed target's answer.
    const trimmed = c.target.replace(/^ +| +$/g, '');
    if (trimmed === c.target || trimmed === '' || /[^\x21-\x7e]/.test(trimmed)) return unparsable;
    return { kind: 'either', options: [unparsable, expectedUpgrade({ ...c, target: trimmed }, facts)] };
  }
  // A target that is neither a path nor absolute (scheme://…) is Node's parser's to refuse; if it
  // lets it through, it is routed nowhere: answered as a path of the same length that no route takes.
  if (!c.target.startsWith('/') && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(c.target)) {
    const nowhere = expectedUpgrade({ ...c, target: `/${'_'.repeat(c.target.length - 1)}` }, facts);
    return { kind: 'either', options: [{ kind: 'refused', statuses: [400], why: 'a target Node cannot parse', byParser: true }, nowhere] };
  }
  // Node parses the request line first, then the headers up to its limit on the whole head.
  if (size > MAX_HEAD_BYTES) return { kind: 'refused', statuses: [431], why: `a ${size}-byte request head`, byParser: true };
  // Two Content-Length headers are refused by Node's parser (request smuggling), even equal ones.
  if (headerValues(c.headers, 'content-length').length > 1) return { kind: 'refused', statuses: [400], why: 'two Content-Length headers', byParser: true };
  // Near the limit, whether the request line counts is Node's business: 431 or whatever follows.
  const nearLimit = size > MAX_HEAD_BYTES - 512 ? [431] : [];
  const upgradeHeader = joined(c.headers, 'upgrade');
  // Node treats a request as an upgrade when it has a non-empty Upgrade header and Connection names `upgrade`.
  const isUpgrade = headerValues(c.headers, 'upgrade').some((v) => v !== '') && tokens(joined(c.headers, 'connection')).includes('upgrade');
  if (!isUpgrade) return { kind: 'http', why: 'not an upgrade request' };
  const refused = (statuses: number[], why: string): UpgradeExpectation => ({ kind: 'refused', statuses: [...statuses, ...nearLimit], why });
  if (c.target.length > facts.maxUrlLength) return refused([414], 'a URL over MAX_URL_LENGTH');
  const route = ROUTE.exec(c.target);
  if (!route) return refused([404], 'no WebSocket endpoint');
  // Authentication comes before the handshake's own checks: a ticket or a key the engine does not
  // know (a generated one never is) is a 401, whatever else is wrong with the request.
  const query = c.target.indexOf('?');
  if (query >= 0 && new URLSearchParams(c.target.slice(query + 1)).get('ticket') !== null) return refused([401], 'an unknown ticket');
  if (joined(c.headers, 'authorization') !== undefined || joined(c.headers, 'x-api-key') !== undefined) {
    return refused([401], 'an unknown API key');
  }
  if (c.method !== 'GET') return refused([405], 'not GET');
  if (upgradeHeader!.toLowerCase() !== 'websocket') return refused([400], 'Upgrade is not websocket');
  const key = joined(c.headers, 'sec-websocket-key');
  if (key === undefined || !WS_KEY.test(key)) return refused([400], 'no valid Sec-WebSocket-Key');
  const version = Number(joined(c.headers, 'sec-websocket-version'));
  if (version !== 13 && version !== 8) return refused([400], 'no valid Sec-WebSocket-Version');
  const protocols = joined(c.headers, 'sec-websocket-protocol');
  if (protocols !== undefined && !validProtocols(protocols)) return refused([400], 'an invalid Sec-WebSocket-Protocol');
  const opened: UpgradeExpectation = { kind: 'ws', opening: opening(route[1] ?? '', facts) };
  return nearLimit.length > 0 ? { kind: 'either', options: [refused([], 'a request head near the limit'), opened] } : opened;
}

/** How the gateway opens a stream for the path's id segment: the firehose without one, a known order, or a refusal. */
function opening(segment: string, facts: EdgeFacts): 'stream' | 'firehose' | 'badId' | 'notFound' {
  if (segment === '') return 'firehose';
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return 'badId';
  }
  if (!UUID.test(id)) return 'badId';
  return facts.orderIds.includes(id.toLowerCase()) ? 'stream' : 'notFound';
}

// --- generators ---

const wsKey = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64'));
const visibleAscii = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const anyText = fc.string({ unit: 'binary', maxLength: 20 });
const pctEncodeAll = (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Percent-encodings decodeURIComponent refuses. */
const malformedEncoding = fc.oneof(
  fc.constantFrom('%', '%z', '%zz', '%g0', '%0', '%%', '%e0%a4%a', '%C0%AF', '%ED%A0%80', '%FF', '%80', '%F0%9F%98', '%E2%82'),
  fc.tuple(visibleAscii, fc.constantFrom('%', '%x', '%C3', '%C3%'), visibleAscii).map(([a, b, c]) => `${a}${b}${c}`.replace(/[/?#]/g, '')),
);

/** The segment after /ws/orders/: ids that exist or not, in any spelling, and anything else. */
function idSegment(orderIds: string[]) {
  const existing = fc.constantFrom(...orderIds);
  return fc.oneof(
    { weight: 3, arbitrary: existing },
    existing.map((id) => id.toUpperCase()),
    existing.map(pctEncodeAll),
    existing.map((id) => id.slice(0, 35)),
    existing.map((id) => `${id}0`),
    existing.map((id) => `%20${id}`),
    fc.uuid(),
    malformedEncoding,
    visibleAscii.map((s) => s.replace(/[/?#]/g, '')),
    anyText.map((s) => encodeURIComponent(s)),
    fc.string({ unit: 'grapheme', maxLength: 8 }), // raw unicode: Node refuses the request line
    fc.constantFrom('', '.', '..', '%2e%2e', '%2F', 'null', 'undefined', '__proto__', '%00', '0'.repeat(36)),
  );
}

const prefix = fc.constantFrom(
  '/ws/orders/', '/ws/orders/', '/ws/orders/', '/ws/orders', '/ws/', '/ws', '/', '/api/orders/', '/WS/ORDERS/', '//ws/orders/',
  '/ws//orders/', 'ws://host/ws/orders/', 'http://127.0.0.1:1/ws/orders/', '/ws/orders/../orders/', '/ws/%6Frders/', '/ws\\orders\\',
  '/health', '/ws/orders/x/', '*', '',
);

const suffix = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  fc.constantFrom('/', '//', '/extra', '/a/b', '?', '#frag', '?a=1&b=2', '?ticket=abc', '/?x=%zz', '?%zz', '?x=/../..'),
  fc.integer({ min: 1, max: 40 }).map((n) => '/'.repeat(n)),
  fc.tuple(visibleAscii, visibleAscii).map(([k, v]) => `?${k}=${v}`),
);

/** Long targets: runs of slashes (the quadratic case), long ids, long queries; some over MAX_URL_LENGTH. */
const longTarget = fc.oneof(
  fc.integer({ min: 100, max: 15_000 }).map((n) => `/ws/${'/'.repeat(n)}x`),
  fc.integer({ min: 100, max: 15_000 }).map((n) => `/ws/orders/${'/'.repeat(n)}`),
  fc.integer({ min: 100, max: 15_000 }).map((n) => `/ws/orders/${'a'.repeat(n)}`),
  fc.integer({ min: 100, max: 5_000 }).map((n) => `/ws/orders/${'%'.repeat(n)}`),
  fc.integer({ min: 100, max: 15_000 }).map((n) => `/${'/x'.repeat(n / 2)}`),
  fc.integer({ min: 1_900, max: 2_200 }).map((n) => `/ws/orders/00000000-0000-7000-8000-000000000000?${'q'.repeat(n)}`),
);

function target(orderIds: string[]) {
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(prefix, idSegment(orderIds), suffix).map(([p, id, s]) => `${p}${id}${s}`) },
    { weight: 2, arbitrary: longTarget },
    { weight: 1, arbitrary: visibleAscii.map((s) => `/${s}`) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  );
}

const method = fc.oneof(
  { weight: 12, arbitrary: fc.constant('GET') },
  fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'get', 'Get', 'GETX', 'FOO', 'G-T'),
);

const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,19}$/);
const headerValue = fc.oneof(visibleAscii, fc.constantFrom('', 'é', 'a b', '\u00ff'));

type Mutation = (headers: Array<[string, string]>) => Array<[string, string]>;
const without = (name: string): Mutation => (h) => h.filter(([k]) => k.toLowerCase() !== name.toLowerCase());
const replaced = (name: string, value: string): Mutation => (h) => h.map(([k, v]) => [k, k.toLowerCase() === name.toLowerCase() ? value : v]);
const added = (name: string, value: string): Mutation => (h) => [...h, [name, value]];

/** One change to a valid handshake's headers. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom('Host', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version').map(without),
  fc.constantFrom('WebSocket', 'websocket2', 'h2c', '', 'websocket, h2c').map((v) => replaced('Upgrade', v)),
  fc.constantFrom('upgrade', 'keep-alive, Upgrade', 'close', 'Upgrade, close', '', 'upgraded').map((v) => replaced('Connection', v)),
  fc.oneof(fc.constantFrom('', 'short', 'dGhlIHNhbXBsZSBub25jZQ', '!!!!!!!!!!!!!!!!!!!!!!==', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='), visibleAscii).map((v) =>
    replaced('Sec-WebSocket-Key', v),
  ),
  fc.constantFrom('8', '12', '14', 'abc', '', '13.0', '013', '13, 13', '0x0d').map((v) => replaced('Sec-WebSocket-Version', v)),
  fc.constantFrom('Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Host').map((name) => (h: Array<[string, string]>) => [
    ...h,
    ...h.filter(([k]) => k === name),
  ]),
  fc.constantFrom('chat', 'a, b', 'a,,b', 'a b', 'a, a', '', 'é').map((v) => added('Sec-WebSocket-Protocol', v)),
  fc.constantFrom('permessage-deflate', ';;;', 'x; y=1').map((v) => added('Sec-WebSocket-Extensions', v)),
  fc.tuple(headerName, headerValue).map(([k, v]) => added(k, v)),
  fc.constantFrom(1_000, 8_000, 20_000).map((n) => added('X-Pad', 'p'.repeat(n))),
  fc.constant<Mutation>((h) => h.map(([k, v]) => [k.toUpperCase(), v])),
  fc.constantFrom('Content-Length: 0', 'Origin: https://evil.example', 'Cookie: a=b', 'Accept: */*').map((line) => {
    const [k, v] = line.split(': ');
    return added(k, v);
  }),
);

/** Upgrade requests: mostly a valid handshake with up to three changes, on a generated target. */
export function upgradeCase(orderIds: string[]): fc.Arbitrary<UpgradeCase> {
  return fc
    .record({
      key: wsKey,
      method,
      target: target(orderIds),
      mutations: fc.oneof({ weight: 2, arbitrary: fc.constant<Mutation[]>([]) }, fc.array(mutation, { minLength: 1, maxLength: 3 })),
      reset: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, fc.constant(true)),
    })
    .map(({ key, method, target, mutations, reset }) => {
      const base: Array<[string, string]> = [
        ['Host', '127.0.0.1'],
        ['Upgrade', 'websocket'],
        ['Connection', 'Upgrade'],
        ['Sec-WebSocket-Key', key],
        ['Sec-WebSocket-Version', '13'],
      ];
      return { method, target, headers: mutations.reduce((h, m) => m(h), base), reset };
    });
}

/** A request for a log line: method, target (cut short) and headers (values cut short). */
export function describeUpgrade(c: UpgradeCase): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
  return `${c.method} ${JSON.stringify(cut(c.target, 120))} ${JSON.stringify(c.headers.map(([k, v]) => `${k}: ${cut(v, 40)}`))}${c.reset ? ' then reset' : ''}`;
}
