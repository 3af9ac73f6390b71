import request from 'supertest';
import WebSocket from 'ws';
import { OrderEventsSubscriber } from '@app/orders';
import { RunningEngine, startEngine } from './support/engine';
import { exchange } from './support/raw-ws';
import { until } from './support/wait';
import { closeCode, pingPong, serverPings } from './support/ws-client';

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

  it('streams to many sockets that connect at once to a freshly started process', async () => {
    const others = await Promise.all(
      [2, 3, 4].map(async (amountIn) => {
        const res = await request(engine.baseUrl)
          .post('/api/orders/execute')
          .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn })
          .expect(202);
        return res.body.orderId as string;
      }),
    );
    const ids = [orderId, ...others];
    // The first subscriptions of this process: all open together, before its Redis subscriber is up.
    const sockets = await Promise.all(
      Array.from({ length: 16 }, (_, i) => {
        const id = ids[i % ids.length];
        return new Promise<{ ws: WebSocket; first: Record<string, unknown> }>((resolve, reject) => {
          const ws = new WebSocket(`${engine.wsUrl}/ws/orders/${id}`);
          ws.once('message', (data) => resolve({ ws, first: JSON.parse(data.toString()) }));
          ws.once('close', (code) => reject(new Error(`socket for ${id} closed with ${code}`)));
          ws.once('error', reject);
        });
      }),
    );
    for (const [i, { first }] of sockets.entries()) expect(first).toMatchObject({ orderId: ids[i % 4], seq: 1 });
    // A ping answered on every socket: anything the server sent before (a close too) has arrived.
    await Promise.all(sockets.map(({ ws }) => pingPong(ws)));
    for (const { ws } of sockets) expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(subscriptions()).toBe(4);
    await Promise.all(sockets.map(({ ws }) => (ws.close(), closeCode(ws))));
    await until('subscriptions left after the sockets closed', subscriptions, 0);
  });

  it('keeps a client that answers pings, and releases its subscription when it leaves', async () => {
    const { ws, first } = await connect();
    expect(first).toMatchObject({ orderId, seq: 1, status: 'pending' });
    expect(subscriptions()).toBe(1);
    // Several heartbeats: each ping after the first means the server saw the pong to the one before.
    await serverPings(ws, 4);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
    await closeCode(ws);
    await until('subscriptions left after the socket closed', subscriptions, 0);
  });

  it('drops a client that stops answering pings', async () => {
    const { ws } = await connect({ autoPong: false });
    const code = await closeCode(ws);
    expect(code).toBe(1006); // terminated, no close frame
    await until('subscriptions left after the server dropped the socket', subscriptions, 0);
  });

  it('drops a client whose only pongs are unsolicited ones', async () => {
    const { ws } = await connect({ autoPong: false });
    const pongs = setInterval(() => ws.readyState === WebSocket.OPEN && ws.pong('keep me'), 30);
    try {
      expect(await closeCode(ws)).toBe(1006);
    } finally {
      clearInterval(pongs);
    }
    await until('subscriptions left after the server dropped the socket', subscriptions, 0);
  });

  it('drops a client that stops reading', async () => {
    const port = Number(new URL(engine.baseUrl).port);
    // Paused from the 101 on: it can read neither the first event nor the pings.
    const outcome = await exchange(port, { target: `/ws/orders/${orderId}` }, { readAfterMs: 1_000 });
    expect(outcome.status).toBe(101);
    expect(outcome.closeCode).toBeUndefined(); // cut by the heartbeat, no close frame
    expect(outcome.ended).not.toBe('timeout');
    await until('subscriptions left after the server dropped the socket', subscriptions, 0);
  });

  it('refuses client frames larger than the limit', async () => {
    const { ws } = await connect();
    ws.send('x'.repeat(10_000));
    expect(await closeCode(ws)).toBe(1009);
  });
});
