import { connect, Socket } from 'node:net';
import { Client } from 'pg';
import { RunningEngine, startEngine, testDb } from './support/engine';

interface Exchange {
  /** What the server sent before the connection closed. */
  received: string;
  /** Milliseconds from connecting to the close. */
  closedAfterMs: number;
}

/**
 * Opens a raw connection, lets `talk` write to it, and resolves when the server closes it; rejects
 * if it is still open at the deadline.
 */
function untilClosed(baseUrl: string, talk: (socket: Socket) => void, deadlineMs: number): Promise<Exchange> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname);
    let received = '';
    const deadline = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the connection was still open after ${deadlineMs} ms; received ${JSON.stringify(received)}`));
    }, deadlineMs);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('connect', () => talk(socket));
    socket.on('close', () => {
      clearTimeout(deadline);
      resolve({ received, closedAfterMs: Date.now() - started });
    });
  });
}

/** Writes one byte of `text` every `everyMs` until the socket closes: never idle, never done. */
function dribble(socket: Socket, text: string, everyMs: number): void {
  let at = 0;
  const timer = setInterval(() => {
    if (!socket.writable) return clearInterval(timer);
    socket.write(text[at++ % text.length]);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

const REQUEST_TIMEOUT = {
  statusCode: 408,
  code: 'REQUEST_TIMEOUT',
  message: 'the request was not received in time',
};

const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

/** The edge settings at their defaults: startEngine keeps what an earlier engine of this file set. */
const EDGE_DEFAULTS = {
  RUN_WORKER: 'false',
  MAX_URL_LENGTH: '2048',
  HTTP_REQUEST_TIMEOUT_MS: '30000',
  HTTP_CONNECTION_TIMEOUT_MS: '60000',
  HTTP_KEEP_ALIVE_TIMEOUT_MS: '72000',
  CORS_ORIGINS: '',
};

describe('the HTTP edge', () => {
  describe('URL length and request timeouts', () => {
    let engine: RunningEngine;
    let db: Client;

    beforeAll(async () => {
      engine = await startEngine({
        ...EDGE_DEFAULTS,
        MAX_URL_LENGTH: '100',
        HTTP_REQUEST_TIMEOUT_MS: '500',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
        HTTP_CONNECTION_TIMEOUT_MS: '60000',
      });
      db = await testDb();
    });

    afterAll(async () => {
      await db?.end();
      await engine?.close();
    });

    const orderCount = async () => Number((await db.query('SELECT count(*) FROM orders')).rows[0].count);

    it('answers a URL over MAX_URL_LENGTH with 414 before routing, and one at the limit as usual', async () => {
      const path = '/api/orders?limit=1&x=';
      const long = await fetch(`${engine.baseUrl}${path}${'a'.repeat(101 - path.length)}`);
      expect(long.status).toBe(414);
      expect(long.headers.get('connection')).toBe('close');
      expect(await long.json()).toEqual({ statusCode: 414, code: 'URI_TOO_LONG', message: 'the URL is longer than 100 characters' });
      // Routed at the limit (an unknown path gets 404), not routed beyond it.
      expect((await fetch(`${engine.baseUrl}/${'x'.repeat(99)}`)).status).toBe(404);
      expect((await fetch(`${engine.baseUrl}/${'x'.repeat(100)}`)).status).toBe(414);
    });

    it('refuses a long URL before the body is read: no order is stored', async () => {
      const before = await orderCount();
      const res = await fetch(`${engine.baseUrl}/api/orders/execute?${'p'.repeat(100)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' }),
      });
      expect(res.status).toBe(414);
      expect(await orderCount()).toBe(before);
    });

    it('cuts off a client that never finishes its body with 408', async () => {
      const { received, closedAfterMs } = await untilClosed(
        engine.baseUrl,
        (s) => s.write('POST /api/orders/execute HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"tokenIn"'),
        5_000,
      );
      expect(received).toMatch(/^HTTP\/1\.1 408 /);
      expect(bodyOf(received)).toEqual(REQUEST_TIMEOUT);
      expect(closedAfterMs).toBeGreaterThanOrEqual(450);
    });

    it('cuts off a client that sends its headers one byte at a time, though it is never idle', async () => {
      const { received } = await untilClosed(
        engine.baseUrl,
        (s) => {
          s.write('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
          dribble(s, 'abcdefgh', 40);
        },
        5_000,
      );
      expect(received).toMatch(/^HTTP\/1\.1 408 /);
      expect(bodyOf(received)).toEqual(REQUEST_TIMEOUT);
    });

    it('closes a kept-alive connection that sends no next request', async () => {
      const { received } = await untilClosed(
        engine.baseUrl,
        (s) => s.write('GET /api/orders?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n'),
        // keepAliveTimeout (300 ms), plus the second Node adds for clients' own timers.
        5_000,
      );
      expect(received).toMatch(/^HTTP\/1\.1 200 /);
      expect(received).toMatch(/\r\nConnection: keep-alive\r\n/i);
    });
  });

  describe('idle connections', () => {
    let engine: RunningEngine;

    beforeAll(async () => {
      engine = await startEngine({
        ...EDGE_DEFAULTS,
        HTTP_REQUEST_TIMEOUT_MS: '30000',
        HTTP_CONNECTION_TIMEOUT_MS: '300',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '72000',
      });
    });

    afterAll(() => engine?.close());

    it('closes a connection idle for HTTP_CONNECTION_TIMEOUT_MS, long before the request timeout', async () => {
      const { received, closedAfterMs } = await untilClosed(
        engine.baseUrl,
        (s) => s.write('POST /api/orders/execute HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{'),
        5_000,
      );
      expect(received).toBe('');
      expect(closedAfterMs).toBeGreaterThanOrEqual(250);
    });
  });

  describe('response headers', () => {
    let engine: RunningEngine;

    beforeAll(async () => {
      engine = await startEngine(EDGE_DEFAULTS);
    });

    afterAll(() => engine?.close());

    const SECURITY_HEADERS = {
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'no-store',
    };
    const headersOf = (res: Response) => Object.fromEntries(res.headers.entries());

    it('carries the security headers and no-store on order data, listings, errors and health', async () => {
      const placed = await fetch(`${engine.baseUrl}/api/orders/execute`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' }),
      });
      expect(placed.status).toBe(202);
      const { orderId } = (await placed.json()) as { orderId: string };
      const responses = [
        placed,
        await fetch(`${engine.baseUrl}/api/orders/${orderId}`),
        await fetch(`${engine.baseUrl}/api/orders?limit=1`),
        await fetch(`${engine.baseUrl}/api/orders/not-a-uuid`),
        await fetch(`${engine.baseUrl}/api/nothing`),
        await fetch(`${engine.baseUrl}/health`),
      ];
      expect(responses.map((r) => r.status)).toEqual([202, 200, 200, 400, 404, 200]);
      for (const res of responses) expect(headersOf(res)).toMatchObject(SECURITY_HEADERS);
    });

    it("answers the URLs Fastify refuses itself with the engine's error body", async () => {
      const undecodable = await fetch(`${engine.baseUrl}/api/orders/%zz`);
      expect(undecodable.status).toBe(400);
      expect(await undecodable.json()).toEqual({ statusCode: 400, code: 'BAD_REQUEST', message: 'the URL is not validly percent-encoded' });
      // Fastify's own bound on a path parameter (100 characters), well under MAX_URL_LENGTH.
      const longParam = await fetch(`${engine.baseUrl}/api/orders/${'a'.repeat(150)}`);
      expect(longParam.status).toBe(414);
      expect(await longParam.json()).toEqual({ statusCode: 414, code: 'URI_TOO_LONG', message: 'a path segment of the URL is too long' });
    });

    it('sends no CORS headers by default, and answers a preflight 404', async () => {
      const origin = 'https://app.example';
      const get = await fetch(`${engine.baseUrl}/api/orders?limit=1`, { headers: { origin } });
      expect(Object.keys(headersOf(get)).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      const preflight = await fetch(`${engine.baseUrl}/api/orders/execute`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status).toBe(404);
      expect(Object.keys(headersOf(preflight)).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      expect(await preflight.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    });
  });

  describe('CORS with CORS_ORIGINS set', () => {
    let engine: RunningEngine;
    const allowed = 'https://app.example';

    beforeAll(async () => {
      engine = await startEngine({ ...EDGE_DEFAULTS, CORS_ORIGINS: `${allowed},https://admin.example` });
    });

    afterAll(() => engine?.close());

    const preflight = (origin: string) =>
      fetch(`${engine.baseUrl}/api/orders/execute`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
      });

    it('answers a preflight from a configured origin', async () => {
      const res = await preflight(allowed);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST');
      expect(res.headers.get('access-control-allow-headers')).toBe('content-type,idempotency-key');
      expect(res.headers.get('access-control-max-age')).toBe('600');
      expect(res.headers.get('vary')).toMatch(/origin/i);
    });

    it('answers a preflight from any other origin 404, without CORS headers', async () => {
      for (const origin of ['https://evil.example', 'https://app.example.evil', 'null']) {
        const res = await preflight(origin);
        expect(res.status).toBe(404);
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        expect(res.headers.get('access-control-allow-methods')).toBeNull();
        expect(await res.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      }
    });

    it('lets a configured origin read responses and their Location, and no other origin', async () => {
      const placed = await fetch(`${engine.baseUrl}/api/orders/execute`, {
        method: 'POST',
        headers: { origin: allowed, 'content-type': 'application/json' },
        body: JSON.stringify({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' }),
      });
      expect(placed.status).toBe(202);
      expect(placed.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(placed.headers.get('access-control-expose-headers')).toBe(
        'Location, Idempotent-Replayed, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy',
      );
      const other = await fetch(`${engine.baseUrl}/api/orders?limit=1`, { headers: { origin: 'https://evil.example' } });
      expect(other.status).toBe(200);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
