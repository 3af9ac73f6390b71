import request from 'supertest';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { RunningEngine, startEngine, testDb } from './support/engine';

describe('Idempotency-Key on POST /api/orders/execute', () => {
  let engine: RunningEngine;
  let db: Client;

  beforeAll(async () => {
    engine = await startEngine({ RUN_WORKER: 'false' });
    db = await testDb();
  });

  afterAll(async () => {
    await db.end();
    await engine.close();
  });

  const post = (key: string | undefined, body: object) => {
    const req = request(engine.baseUrl).post('/api/orders/execute');
    if (key !== undefined) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const countWithKey = async (key: string) =>
    (await db.query('SELECT count(*)::int AS n FROM orders WHERE idempotency_key = $1', [key])).rows[0].n;

  it('returns the original order for a repeat of the same request, storing it once', async () => {
    const key = randomUUID();
    const first = await post(key, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 }).expect(202);
    // The same request written differently: a string amount, a mint, the default slippage spelled out.
    const again = await post(key, {
      tokenIn: 'So11111111111111111111111111111111111111112',
      tokenOut: 'USDC',
      amountIn: '1.000',
      slippage: 0.005,
    }).expect(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await countWithKey(key)).toBe(1);
  });

  it('answers 422 when the key comes back with a different request', async () => {
    const key = randomUUID();
    const first = await post(key, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 }).expect(202);
    const other = await post(key, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 2 }).expect(422);
    expect(other.body).toEqual({
      statusCode: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: `this Idempotency-Key was used for a different request (order ${first.body.orderId})`,
    });
    expect(await countWithKey(key)).toBe(1);
  });

  it('gives concurrent repeats of one key one order, each answered 202 with it (never a 409 to wait out)', async () => {
    const key = randomUUID();
    const body = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 3 };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(key, body)));
    const ids = new Set(answers.filter((a) => a.status === 202).map((a) => a.body.orderId));
    expect(ids.size).toBe(1);
    for (const a of answers) expect(a.status).toBe(202);
    expect(await countWithKey(key)).toBe(1);
  });

  it('refuses a malformed key with 400 and stores nothing', async () => {
    const res = await post('has spaces', { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 }).expect(400);
    expect(res.body.errors).toEqual([
      {
        field: 'Idempotency-Key',
        rule: 'idempotencyKey',
        message: 'the Idempotency-Key header must be 1 to 255 printable ASCII characters without spaces',
      },
    ]);
    await post('x'.repeat(256), { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 }).expect(400);
  });
});
