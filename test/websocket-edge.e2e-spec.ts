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
  });

  describe('raw sockets', () => {
    it('survives clients that reset the connection while their upgrade is refused', async () => {
      const targets = ['/elsewhere', '/ws/nowhere/a/b', `/ws/orders/${orderId}/extra`, '/ws'];
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
