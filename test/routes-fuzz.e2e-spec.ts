import fc from 'fast-check';
import { request } from 'node:http';
import { Client } from 'pg';
import { RunningEngine, startEngine } from './support/engine';
import { fuzzStores, params } from './support/fuzz/fuzz-setup';

/**
 * Property-based fuzzing of the routes beside the order endpoint: the cancels, the market's
 * pairs and price history, quotes, launches, the docs, the metrics and the probes. The promise:
 * whatever the path parameters, query strings, headers and bodies, the answer is never a 5xx
 * (the engine's dependencies are up), always comes within the test's timeout, and the engine
 * still answers /health afterwards. A waiting order is at most cancelled (a generated `{}` cancels
 * every open order of the account), never moved anywhere else.
 */
const STORES = fuzzStores('routes');

interface Answer {
  status: number;
  body: string;
}

const PATHS = [
  '/api/orders/{id}/cancel',
  '/api/orders/cancel',
  '/api/market/pairs',
  '/api/market/prices',
  '/api/quotes',
  '/api/launches',
  '/api/sim/launches',
  '/api/ws-tickets',
  '/docs',
  '/docs/json',
  '/docs/asyncapi.json',
  '/metrics',
  '/health/live',
  '/health/ready',
  '/',
];

const QUERY_KEYS = ['pair', 'minutes', 'points', 'tokenIn', 'tokenOut', 'amountIn', 'slippage', 'priorityFee', 'ids', 'x'];

/** Hostile text: valid-looking values, huge numbers, odd encodings, control characters. */
const hostileText = fc.oneof(
  fc.constantFrom('SOL-USDC', 'BONK-USDT', 'SOL', '1', '0', '-1', '1e309', 'NaN', '9'.repeat(80), '%zz', '%00', '..', '[]', '{}'),
  fc.string({ maxLength: 40 }),
  fc.fullUnicodeString({ maxLength: 20 }),
);

const anyId = fc.oneof(fc.uuid(), fc.constantFrom('%zz', 'not-a-uuid', '..%2f..', ' '), fc.string({ maxLength: 30 }));

const anyBody = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 3 }),
  fc.record({ ids: fc.array(fc.oneof(anyId, fc.integer(), fc.constant(null)), { maxLength: 30 }) }).map((b) => JSON.stringify(b)),
  fc.constantFrom('{', '{"ids":', '{"ids":[1,2,', '{"__proto__":{"x":1}}', '{"inSeconds":1e309}', '\u0000'),
);

const anyRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.constantFrom(...PATHS),
  id: anyId,
  query: fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), hostileText), { maxLength: 5 }),
  body: anyBody,
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', undefined),
});

function send(baseUrl: string, method: string, path: string, body?: string, contentType?: string): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    // GET and HEAD go without a body (a declared body never sent would only wait for the timeout).
    const withBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
    if (contentType) headers['content-type'] = contentType;
    if (withBody) headers['content-length'] = String(Buffer.byteLength(body));
    const req = request({ host: url.hostname, port: url.port, method, path, headers, timeout: 10_000 }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 10 s`)));
    req.on('error', reject);
    if (withBody) req.write(body);
    req.end();
  });
}

describe('fuzzing the other routes: never a 5xx, never a stall', () => {
  let engine: RunningEngine;
  let db: Client;
  let sent = 0;

  beforeAll(async () => {
    await STORES.reset();
    engine = await startEngine({ DATABASE_URL: STORES.databaseUrl, QUEUE_PREFIX: STORES.queuePrefix, SIM_LAUNCHES_API: 'true' });
    db = new Client({ connectionString: STORES.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    console.log(`routes fuzz: ${sent} requests`);
    await db?.end();
    await engine?.close();
  });

  it('answers every generated request below 500, and /health after', async () => {
    // One waiting order: generated cancels may cancel it, nothing may move it anywhere else.
    const placed = await send(engine.baseUrl, 'POST', '/api/orders/execute', JSON.stringify({
      type: 'limit', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', triggerPrice: '100000', expiresIn: 3600,
    }), 'application/json');
    expect(placed.status).toBe(202);
    const { orderId } = JSON.parse(placed.body) as { orderId: string };

    await fc.assert(
      fc.asyncProperty(anyRequest, async (r) => {
        const query = r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const path = r.path.replace('{id}', r.id.includes('%') ? r.id : encodeURIComponent(r.id)) + (query ? `?${query}` : '');
        const body = r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
        sent++;
        const answer = await send(engine.baseUrl, r.method, path, body, r.contentType);
        if (answer.status >= 500) throw new Error(`${r.method} ${path} ${body ?? ''} → ${answer.status} ${answer.body.slice(0, 300)}`);
      }),
      params(600),
    );

    expect((await send(engine.baseUrl, 'GET', '/health')).status).toBe(200);
    const { rows } = await db.query('SELECT status FROM orders WHERE id = $1', [orderId]);
    expect(['waiting', 'cancelled']).toContain(rows[0].status);
  }, 240_000);
});
