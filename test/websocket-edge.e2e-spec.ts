import * as net from 'node:net';
import request from 'supertest';
import { RunningEngine, startEngine } from './support/engine';
import { exchange, requestBytes, textMessages } from './support/raw-ws';

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
    engine = await startEngine({ RUN_WORKER: 'false' });
    port = Number(new URL(engine.baseUrl).port);
    const res = await request(engine.baseUrl)
      .post('/api/orders/execute')
      .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 })
      .expect(202);
    orderId = res.body.orderId;
  });

  afterAll(() => engine.close());

  const health = () => request(engine.baseUrl).get('/health').expect(200);

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
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => exchange(port, { target }, {}, 10_000)));
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
