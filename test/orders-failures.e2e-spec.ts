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

    // Order ids are random, so each order meets its fault at a different stage (quote, send,
    // landing); eight orders cover them all, and every one must end the same way.
    it('retries three times, then fails once, with the code and message of the last attempt', async () => {
      const runs = await Promise.all(
        Array.from({ length: 8 }, (_, i) => run(engine, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: i + 1 })),
      );
      for (const { orderId, messages, closeCode } of runs) {
        expect(closeCode).toBe(1000);
        const last = messages[messages.length - 1];
        expect(last).toMatchObject({ status: 'failed', attempt: 3, attempts: 3, retryable: true });
        expect(['RPC_TIMEOUT', 'BLOCKHASH_EXPIRED', 'SLIPPAGE_EXCEEDED']).toContain(last.code);
        expect(last.error).toEqual(expect.any(String));
        expect(messages.filter((m) => m.status === 'failed')).toHaveLength(1);
        expect(messages.filter((m) => m.status === 'confirmed')).toHaveLength(0);
        // Every retry re-quotes, and says which failure it retries.
        for (const r of messages.filter((m) => m.status === 'routing' && (m.attempt as number) > 1)) {
          expect(r.retryOf).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        }
        expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
        const { rows } = await db.query('SELECT status, attempt, error_code, error FROM orders WHERE id = $1', [
          orderId,
        ]);
        expect(rows[0]).toEqual({ status: 'failed', attempt: 3, error_code: last.code, error: last.error });
      }
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
      expect(messages[1]).toMatchObject({ attempt: 1, code: 'NO_ROUTE', attempts: 1, retryable: false });
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
