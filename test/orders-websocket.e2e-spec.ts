import request from 'supertest';
import WebSocket from 'ws';
import { OrderEventsSubscriber } from '../libs/orders/src/events/order-events.subscriber';
import { RunningEngine, startEngine } from './support/engine';

/** Connection hygiene: dead clients are dropped and their Redis subscriptions released. */
describe('WebSocket connections', () => {
  let engine: RunningEngine;
  let orderId: string;

  beforeAll(async () => {
    // No worker: the order stays pending, so its stream stays open.
    engine = await startEngine({ RUN_WORKER: 'false', WS_HEARTBEAT_MS: '150' });
    const res = await request(engine.baseUrl)
      .post('/api/orders/execute')
      .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 })
      .expect(202);
    orderId = res.body.orderId;
  });

  afterAll(() => engine.close());

  const subscriptions = () => engine.app.get(OrderEventsSubscriber).channelCount;

  function connect(options: WebSocket.ClientOptions = {}): Promise<{ ws: WebSocket; first: unknown }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${engine.wsUrl}/ws/orders/${orderId}`, options);
      ws.once('message', (data) => resolve({ ws, first: JSON.parse(data.toString()) }));
      ws.once('error', reject);
    });
  }

  const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

  it('keeps a client that answers pings, and releases its subscription when it leaves', async () => {
    const { ws, first } = await connect();
    expect(first).toMatchObject({ orderId, seq: 1, status: 'pending' });
    expect(subscriptions()).toBe(1);
    await new Promise((r) => setTimeout(r, 600)); // several heartbeats
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
    await closed(ws);
    await waitFor(() => subscriptions() === 0);
  });

  it('drops a client that stops answering pings', async () => {
    const { ws } = await connect({ autoPong: false });
    const code = await closed(ws);
    expect(code).toBe(1006); // terminated, no close frame
    await waitFor(() => subscriptions() === 0);
  });

  it('refuses client frames larger than the limit', async () => {
    const { ws } = await connect();
    ws.send('x'.repeat(10_000));
    expect(await closed(ws)).toBe(1009);
  });
});

async function waitFor(condition: () => boolean, deadlineMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > deadlineMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
