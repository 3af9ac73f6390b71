import request from 'supertest';
import { RunningEngine, startEngine } from './support/engine';
import { exchange, textMessages } from './support/raw-ws';

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
});
