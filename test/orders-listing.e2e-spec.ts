import request from 'supertest';
import { RunningEngine, startEngine } from './support/engine';

describe('GET /api/orders', () => {
  let engine: RunningEngine;

  beforeAll(async () => {
    // No worker: the listing is about storage and order, not execution.
    engine = await startEngine({ RUN_WORKER: 'false' });
  });

  afterAll(() => engine.close());

  it('pages through every order, newest first, with a cursor', async () => {
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await request(engine.baseUrl)
        .post('/api/orders/execute')
        .send({ tokenIn: 'USDC', tokenOut: 'USDT', amountIn: i + 1 })
        .expect(202);
      created.push(res.body.orderId);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = { limit: 3, ...(cursor ? { cursor } : {}) };
      const res = await request(engine.baseUrl).get('/api/orders').query(query).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((o: { id: string }) => o.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    // Other suites' orders are older; ours are the newest seven, newest first.
    expect(seen.slice(0, 7)).toEqual([...created].reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters by status and has a default page size', async () => {
    const res = await request(engine.baseUrl).get('/api/orders').query({ status: 'pending' }).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.length).toBeLessThanOrEqual(50);
    for (const o of res.body.items) expect(o.status).toBe('pending');
  });
});
