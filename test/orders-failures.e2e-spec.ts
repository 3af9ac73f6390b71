import request from 'supertest';
import { Client } from 'pg';
import { RunningEngine, startEngine, testDb } from './support/engine';
import { recordUntilClose } from './support/ws-client';

describe('failures', () => {
  let db: Client;

  beforeAll(async () => {
    db = await testDb();
  });

  afterAll(() => db.end());

  async function run(engine: RunningEngine, body: Record<string, unknown>) {
    const res = await request(engine.baseUrl).post('/api/orders/execute').send(body).expect(202);
    const transcript = await recordUntilClose(`${engine.wsUrl}/ws/orders/${res.body.orderId}`);
    return { orderId: res.body.orderId as string, ...transcript };
  }

  describe('transient faults on every attempt', () => {
    let engine: RunningEngine;
    beforeAll(async () => {
      engine = await startEngine({ SIM_FAULT_RATE: '1', ORDER_ATTEMPTS: '3' });
    });
    afterAll(() => engine.close());

    it('retries three times with a fresh quote, then fails once, with the code and message', async () => {
      const { orderId, messages, closeCode } = await run(engine, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 });
      expect(closeCode).toBe(1000);
      const last = messages[messages.length - 1];
      expect(last).toMatchObject({ status: 'failed', attempt: 3, code: expect.any(String), error: expect.any(String) });
      expect(['RPC_TIMEOUT', 'BLOCKHASH_EXPIRED', 'SLIPPAGE_EXCEEDED', 'RPC_RATE_LIMITED']).toContain(last.code);
      expect(messages.filter((m) => m.status === 'failed')).toHaveLength(1);
      // A retry shows the failure it retries.
      const retries = messages.filter((m) => m.status === 'routing' && (m.attempt as number) > 1);
      for (const r of retries) expect(r.retryOf).toMatchObject({ code: expect.any(String) });
      expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));

      const { rows } = await db.query('SELECT status, attempt, error_code, error FROM orders WHERE id = $1', [orderId]);
      expect(rows[0]).toEqual({ status: 'failed', attempt: expect.any(Number), error_code: last.code, error: last.error });
    });
  });

  describe('permanent failures', () => {
    let engine: RunningEngine;
    beforeAll(async () => {
      engine = await startEngine();
    });
    afterAll(() => engine.close());

    it('fails at once with NO_ROUTE when no venue trades the pair', async () => {
      const { orderId, messages } = await run(engine, { tokenIn: 'BONK', tokenOut: 'USDT', amountIn: 1000 });
      expect(messages.map((m) => m.status)).toEqual(['pending', 'failed']);
      expect(messages[1]).toMatchObject({ code: 'NO_ROUTE', attempts: 1, retryable: false });
      const { rows } = await db.query('SELECT status, error_code FROM orders WHERE id = $1', [orderId]);
      expect(rows[0]).toEqual({ status: 'failed', error_code: 'NO_ROUTE' });
    });
  });

  describe('when the queue is down', () => {
    let engine: RunningEngine;
    beforeAll(async () => {
      // Nothing listens on port 1: the queue cannot take jobs.
      engine = await startEngine({ REDIS_URL: 'redis://127.0.0.1:1', RUN_WORKER: 'false' });
    });
    afterAll(() => engine.close());

    it('answers 503 and leaves no order behind', async () => {
      const before = Number((await db.query('SELECT count(*) FROM orders')).rows[0].count);
      const res = await request(engine.baseUrl)
        .post('/api/orders/execute')
        .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 })
        .expect(503);
      expect(res.body).toEqual({
        statusCode: 503,
        code: 'ENGINE_UNAVAILABLE',
        dependency: 'queue',
        message: 'the order queue is unavailable; the order was not accepted',
      });
      expect(Number((await db.query('SELECT count(*) FROM orders')).rows[0].count)).toBe(before);
    });

    it('reports Redis down on /health with 503', async () => {
      const res = await request(engine.baseUrl).get('/health').expect(503);
      expect(res.body).toEqual({ status: 'unavailable', down: ['redis'], checks: { postgres: 'up', redis: 'down' } });
    });
  });
});
