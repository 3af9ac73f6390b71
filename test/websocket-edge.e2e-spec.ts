import * as net from 'node:net';
import request from 'supertest';
import WebSocket from 'ws';
import { webSocketAdapterOf } from '../apps/api/src/setup-app';
import { RunningEngine, startEngine } from './support/engine';
import { exchange, requestBytes, textMessages } from './support/raw-ws';
import { until } from './support/wait';
import { closeCode } from './support/ws-client';

/**
 * The WebSocket edge under hostile input: malformed upgrade URLs, sockets that break while the
 * server answers them. Each case must end in a documented outcome with the process still serving.
 */
describe('WebSocket edge', () => {
  let engine: RunningEngine;
  let port: number;
  let orderId: string;

  beforeAll(async () => {
    // No worker: the order stays pending, so its stream stays open.
    engine = await startEngine({ RUN_WORKER: 'false', WS_MAX_CONNECTIONS: '5', WS_MAX_CONNECTIONS_PER_ADDRESS: '3' });
    port = Number(new URL(engine.baseUrl).port);
    const res = await request(engine.baseUrl)
      .post('/api/orders/execute')
      .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 })
      .expect(202);
    orderId = res.body.orderId;
  });

  afterAll(() => engine.close());

  const health = () => request(engine.baseUrl).get('/health').expect(200);
  const connections = () => webSocketAdapterOf(engine.app)!.connections;
  const noConnectionsLeft = () => until('WebSocket connections held', connections, 0);

  /** A WebSocket on the pending order, from `localAddress`, once its first event arrived. */
  function open(localAddress = '127.0.0.1'): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${engine.wsUrl}/ws/orders/${orderId}`, { localAddress });
      ws.once('message', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  const closeAll = (sockets: WebSocket[]) => Promise.all(sockets.map((ws) => (ws.close(), closeCode(ws))));

  describe('upgrade URLs', () => {
    it('closes with 4400 INVALID_ORDER_ID when the id has malformed percent-encoding', async () => {
      for (const id of ['%zz', '%', '%e0%a4%a', `${orderId.slice(0, 35)}%`, '%C0%AF']) {
        const outcome = await exchange(port, { target: `/ws/orders/${id}` });
        expect({ id, status: outcome.status, close: outcome.closeCode }).toEqual({ id, status: 101, close: 4400 });
        expect(textMessages(outcome)).toEqual([{ orderId: id, error: 'the order id must be a UUID', code: 'INVALID_ORDER_ID' }]);
      }
      await health();
    });

    it('refuses an upgrade URL longer than MAX_URL_LENGTH with 414, before routing it', async () => {
      const outcome = await exchange(port, { target: `/ws/orders/${orderId}?${'a'.repeat(2100)}` });
      expect(outcome.status).toBe(414);
      expect(outcome.headers.connection).toBe('close');
      expect(JSON.parse(outcome.body)).toEqual({ statusCode: 414, code: 'URI_TOO_LONG', message: expect.any(String) });
      expect(outcome.ended).toBe('end');
      // Anywhere: the length is checked before the path is looked at.
      expect((await exchange(port, { target: `/${'x'.repeat(3000)}` })).status).toBe(414);
    });

    it('answers 20 upgrades of ~15,000 slashes at once without holding the event loop', async () => {
      const target = `/ws/${'/'.repeat(15_000)}x`;
      const started = Date.now();
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => exchange(port, { target }, {}, { deadlineMs: 10_000 })));
      const elapsed = Date.now() - started;
      expect(outcomes.map((o) => o.status)).toEqual(Array(20).fill(414));
      expect(elapsed).toBeLessThan(1_000);
      // Under the limit, such a path is routed (to nowhere) in linear time.
      expect((await exchange(port, { target: `/ws/${'/'.repeat(2000)}x` })).status).toBe(404);
      await health();
    });
  });

  describe('raw sockets', () => {
    it('survives clients that reset the connection while their upgrade is refused', async () => {
      const targets = ['/elsewhere', '/ws/nowhere/a/b', `/ws/orders/${orderId}/extra`, `/${'y'.repeat(3000)}`];
      for (let round = 0; round < 25; round++) {
        await Promise.all(targets.map((target) => resetRightAfterSending(port, target)));
      }
      await health();
      expect((await exchange(port, { target: '/elsewhere' })).status).toBe(404);
    });
  });

  describe('connection limits', () => {
    beforeEach(noConnectionsLeft);

    it('refuses an upgrade beyond WS_MAX_CONNECTIONS_PER_ADDRESS with 503 and Retry-After', async () => {
      const held = await Promise.all([open(), open(), open()]);
      const refused = await exchange(port, { target: `/ws/orders/${orderId}` });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(JSON.parse(refused.body)).toEqual({ statusCode: 503, code: 'TOO_MANY_CONNECTIONS', message: expect.stringContaining('from one address') });
      // Another address still gets in.
      held.push(await open('127.0.0.2'));
      await closeAll(held);
    });

    it('refuses an upgrade beyond WS_MAX_CONNECTIONS, whatever the address', async () => {
      const held = await Promise.all([open(), open(), open('127.0.0.2'), open('127.0.0.2'), open('127.0.0.3')]);
      const refused = await exchange(port, { target: `/ws/orders/${orderId}` }, {}, { localAddress: '127.0.0.4' });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      await closeAll(held);
    });

    it('frees a slot when the client closes, when the server closes, when the handshake fails and on a reset', async () => {
      const held = await Promise.all([open(), open(), open()]);
      await closeAll(held.splice(0, 1));
      await until('connections after one closed', connections, 2);
      held.push(await open());
      await closeAll(held);
      // Closed by the server (4400), a failed handshake (400, 405), a reset right after the request.
      for (let i = 0; i < 10; i++) {
        expect((await exchange(port, { target: '/ws/orders/nope' })).closeCode).toBe(4400);
        expect((await exchange(port, { target: `/ws/orders/${orderId}`, headers: [['Host', 'x'], ['Upgrade', 'websocket'], ['Connection', 'Upgrade']] })).status).toBe(400);
        expect((await exchange(port, { method: 'POST', target: `/ws/orders/${orderId}` })).status).toBe(405);
        await resetRightAfterSending(port, `/ws/orders/${orderId}`);
      }
      await noConnectionsLeft();
      await closeAll(await Promise.all([open(), open(), open()]));
    });
  });
});

/** Sends an upgrade request and resets (RST) the connection at once, before the answer arrives. */
function resetRightAfterSending(port: number, target: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(requestBytes({ target }, `127.0.0.1:${port}`), () => {
        socket.resetAndDestroy();
        resolve();
      });
    });
    socket.on('error', () => resolve());
  });
}
