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

describe('the HTTP edge', () => {
  describe('URL length and request timeouts', () => {
    let engine: RunningEngine;
    let db: Client;

    beforeAll(async () => {
      engine = await startEngine({
        RUN_WORKER: 'false',
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
        RUN_WORKER: 'false',
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
});
