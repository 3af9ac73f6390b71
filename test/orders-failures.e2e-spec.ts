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
      // Faults that always fail the attempt (a timed-out send, by contrast, may still land).
      engine = await startEngine({
        SIM_FAULTS: 'SLIPPAGE_EXCEEDED=0.4,BLOCKHASH_EXPIRED=0.3,QUOTE_EXPIRED=0.3',
        ORDER_ATTEMPTS: '3',
      });
    });
    afterAll(() => engine.close());

    // Order ids are random, so each attempt draws its own fault (at build or at landing); eight
    // orders cover them all, and every one must end the same way.
    it('retries three times, then fails once, with the code and message of the last attempt', async () => {
      const runs = await Promise.all(
        Array.from({ length: 8 }, (_, i) => run(engine, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: i + 1 })),
      );
      for (const { orderId, messages, closeCode } of runs) {
        expect(closeCode).toBe(1000);
        const last = messages[messages.length - 1];
        expect(last).toMatchObject({ status: 'failed', attempt: 3, attempts: 3, retryable: true });
        expect(['QUOTE_EXPIRED', 'BLOCKHASH_EXPIRED', 'SLIPPAGE_EXCEEDED']).toContain(last.code);
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

    it('fails at once with NO_ROUTE when no route gives any output', async () => {
      // Every pair of the market is within three hops; one base unit of BONK rounds to nothing on all of them.
      const { orderId, messages } = await run(engine, { tokenIn: 'BONK', tokenOut: 'USDT', amountIn: '0.00001' });
      expect(messages.map((m) => m.status)).toEqual(['pending', 'failed']);
      expect(messages[1]).toMatchObject({ attempt: 1, code: 'NO_ROUTE', attempts: 1, retryable: false });
      const { rows } = await db.query('SELECT status, error_code FROM orders WHERE id = $1', [orderId]);
      expect(rows[0]).toEqual({ status: 'failed', error_code: 'NO_ROUTE' });
    });
  });

  describe('orders failed on purpose by number (SIM_FAIL_ORDERS)', () => {
    let engine: RunningEngine;
    let first: number;
    beforeAll(async () => {
      const { rows } = await db.query('SELECT last_value, is_called FROM orders_number_seq');
      first = Number(rows[0].last_value) + (rows[0].is_called ? 1 : 0);
      engine = await startEngine({
        SIM_FAIL_ORDERS: `${first}=NO_ROUTE,${first + 1}=SLIPPAGE_EXCEEDED,${first + 2}=SLIPPAGE_EXCEEDED:1`,
      });
    });
    afterAll(() => engine.close());

    it('fails, retries and recovers as the retry rule of each code says', async () => {
      const noRoute = await run(engine, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 });
      const slipping = await run(engine, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 2 });
      const recovering = await run(engine, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 3 });
      const { rows } = await db.query('SELECT id, number FROM orders WHERE id = ANY($1) ORDER BY number', [
        [noRoute.orderId, slipping.orderId, recovering.orderId],
      ]);
      expect(rows.map((r) => Number(r.number))).toEqual([first, first + 1, first + 2]);

      expect(noRoute.messages.map((m) => m.status)).toEqual(['pending', 'failed']);
      expect(noRoute.messages[1]).toMatchObject({ code: 'NO_ROUTE', retryable: false, attempts: 1 });

      const last = slipping.messages[slipping.messages.length - 1];
      expect(last).toMatchObject({ status: 'failed', code: 'SLIPPAGE_EXCEEDED', attempt: 3 });
      expect(slipping.messages.filter((m) => m.status === 'submitted')).toHaveLength(3);

      const statuses = recovering.messages.map((m) => `${m.status}:${m.attempt}`);
      expect(statuses).toEqual([
        'pending:0', 'routing:1', 'building:1', 'submitted:1',
        'routing:2', 'building:2', 'submitted:2', 'confirmed:2',
      ]);
      expect(recovering.messages[4].retryOf).toMatchObject({ code: 'SLIPPAGE_EXCEEDED' });
      // Two attempts, two different transactions: a failed swap is never re-sent as the same one.
      expect(recovering.messages[3].txHash).not.toBe(recovering.messages[6].txHash);
    });
  });

  describe('when Redis is down', () => {
    let engine: RunningEngine;
    let limited: RunningEngine;
    beforeAll(async () => {
      // Nothing listens on port 1: the queue cannot take jobs, the rate limiter cannot count.
      engine = await startEngine({ REDIS_URL: 'redis://127.0.0.1:1', RUN_WORKER: 'false' });
      limited = await startEngine({ REDIS_URL: 'redis://127.0.0.1:1', RUN_WORKER: 'false', RATE_LIMIT_ORDERS_PER_SECOND: '10' });
    });
    afterAll(async () => {
      await engine.close();
      await limited.close();
    });

    it('accepts an order all the same: stored with its first event, to be enqueued by the reconciler', async () => {
      const res = await request(engine.baseUrl)
        .post('/api/orders/execute')
        .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 })
        .expect(202);
      const { rows } = await db.query(
        `SELECT o.status, o.accepted_at IS NOT NULL AS accepted, count(e.*)::int AS events
           FROM orders o JOIN order_events e ON e.order_id = o.id WHERE o.id = $1 GROUP BY o.id`,
        [res.body.orderId],
      );
      expect(rows[0]).toEqual({ status: 'pending', accepted: true, events: 1 });
    });

    it('answers 503 DEPENDENCY_UNAVAILABLE with Retry-After when a limit must be counted, and stores nothing', async () => {
      const before = Number((await db.query('SELECT count(*) FROM orders')).rows[0].count);
      const res = await request(limited.baseUrl)
        .post('/api/orders/execute')
        .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 })
        .expect(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', dependency: 'redis' });
      expect(Number((await db.query('SELECT count(*) FROM orders')).rows[0].count)).toBe(before);
    });

    it('reports Redis down on /health with 503', async () => {
      const res = await request(engine.baseUrl).get('/health').expect(503);
      expect(res.body).toEqual({ status: 'unavailable', down: ['redis'], checks: { postgres: 'up', redis: 'down' } });
    });
  });
});
