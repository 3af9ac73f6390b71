import request from 'supertest';
import { Client } from 'pg';
import { RunningEngine, startEngine, testDb } from './support/engine';

/** Bad requests get a 400 naming the field and the rule, and store nothing. */
describe('bad requests', () => {
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

  const orderCount = async () => Number((await db.query('SELECT count(*) FROM orders')).rows[0].count);

  async function expect400(body: unknown, errors: Array<{ field: string; rule: string; message?: unknown }>) {
    const before = await orderCount();
    const res = await request(engine.baseUrl)
      .post('/api/orders/execute')
      .set('content-type', 'application/json')
      .send(JSON.stringify(body))
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: expect.any(String),
      errors: errors.map((e) => ({ message: expect.any(String), ...e })),
    });
    expect(await orderCount()).toBe(before);
  }

  it('requires tokenIn, tokenOut and amountIn', async () => {
    await expect400({}, [
      { field: 'tokenIn', rule: 'isDefined', message: 'tokenIn should not be null or undefined' },
      { field: 'tokenIn', rule: 'isLength', message: 'tokenIn must be longer than or equal to 1 characters' },
      { field: 'tokenIn', rule: 'isString', message: 'tokenIn must be a string' },
      { field: 'tokenOut', rule: 'isDefined', message: 'tokenOut should not be null or undefined' },
      { field: 'tokenOut', rule: 'isLength', message: 'tokenOut must be longer than or equal to 1 characters' },
      { field: 'tokenOut', rule: 'isString', message: 'tokenOut must be a string' },
      { field: 'amountIn', rule: 'isDefined', message: 'amountIn should not be null or undefined' },
      { field: 'amountIn', rule: 'isNumber', message: 'amountIn must be a number or a decimal string' },
    ]);
  });

  it('refuses unknown tokens, naming the known ones', async () => {
    await expect400({ tokenIn: 'DOGE', tokenOut: 'USDC', amountIn: 1 }, [
      {
        field: 'tokenIn',
        rule: 'knownToken',
        message: 'tokenIn "DOGE" is not a known token symbol or mint (known: SOL, USDC, USDT, JUP, RAY, BONK)',
      },
    ]);
  });

  it('refuses a swap of a token into itself, by symbol or by mint', async () => {
    const rule = { field: 'tokenOut', rule: 'differentTokens', message: 'tokenOut must differ from tokenIn' };
    await expect400({ tokenIn: 'SOL', tokenOut: 'sol', amountIn: 1 }, [rule]);
    await expect400({ tokenIn: 'So11111111111111111111111111111111111111112', tokenOut: 'SOL', amountIn: 1 }, [rule]);
  });

  it.each([
    [0, 'amountIn must be greater than zero'],
    [-5, 'amountIn must not have a sign'],
    ['1.0000001', 'amountIn has 7 decimal places but the token has 6'],
    ['1e3', 'amountIn: exponent notation is not allowed'],
    [1e21, 'amountIn: exponent notation is not allowed'],
    ['abc', 'amountIn: "abc" is not a decimal number (digits and at most one point)'],
    ['99999999999999999999', 'amountIn exceeds the largest balance a token account can hold (u64)'],
  ])('refuses amountIn %p', async (amountIn, message) => {
    await expect400({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn }, [{ field: 'amountIn', rule: 'amount', message }]);
  });

  it('refuses an amountIn string over 64 characters by its length, before reading it as a number', async () => {
    const before = await orderCount();
    const res = await request(engine.baseUrl)
      .post('/api/orders/execute')
      .send({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '9'.repeat(65) })
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'amountIn must be shorter than or equal to 64 characters',
      errors: [{ field: 'amountIn', rule: 'isLength', message: 'amountIn must be shorter than or equal to 64 characters' }],
    });
    expect(await orderCount()).toBe(before);
    // 64 characters are read as an amount (and this one is valid).
    await request(engine.baseUrl)
      .post('/api/orders/execute')
      .send({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn: `${'0'.repeat(62)}.5` })
      .expect(202);
  });

  it('refuses an amountIn that is neither a number nor a string', async () => {
    await expect400({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn: { value: 1 } }, [
      { field: 'amountIn', rule: 'isNumber', message: 'amountIn must be a number or a decimal string' },
    ]);
  });

  it.each([
    [0.6, 'max', 'slippage must not be greater than 0.5'],
    [-0.01, 'min', 'slippage must not be less than 0'],
    [0.00001, 'precision', 'slippage must have at most 4 decimal places (1 basis point)'],
  ])('refuses slippage %p', async (slippage, rule, message) => {
    await expect400({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1, slippage }, [{ field: 'slippage', rule, message }]);
  });

  it('refuses unknown fields', async () => {
    await expect400({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1, side: 'buy' }, [
      { field: 'side', rule: 'whitelistValidation', message: 'property side should not exist' },
    ]);
  });

  it('refuses malformed JSON with 400 and oversized bodies with 413', async () => {
    const before = await orderCount();
    const bad = await request(engine.baseUrl)
      .post('/api/orders/execute')
      .set('content-type', 'application/json')
      .send('{"tokenIn": "SOL",')
      .expect(400);
    expect(bad.body).toEqual({ statusCode: 400, code: 'BAD_REQUEST', message: expect.stringMatching(/not valid JSON/) });
    const huge = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1, pad: 'x'.repeat(64 * 1024) };
    const big = await request(engine.baseUrl).post('/api/orders/execute').send(huge).expect(413);
    expect(big.body).toEqual({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' });
    expect(await orderCount()).toBe(before);
  });

  it.each([[[1, 2]], ['"text"'], [null]])('refuses a body that is not a JSON object: %p', async (body) => {
    await expect400(body, [{ field: 'body', rule: 'isObject', message: 'the request body must be a JSON object' }]);
  });

  it('answers unknown routes with 404 and a code', async () => {
    const res = await request(engine.baseUrl).get('/api/nothing').expect(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET /api/nothing' });
  });

  it('refuses prototype-pollution keys', async () => {
    const before = await orderCount();
    await request(engine.baseUrl)
      .post('/api/orders/execute')
      .set('content-type', 'application/json')
      .send('{"tokenIn":"SOL","tokenOut":"USDC","amountIn":1,"__proto__":{"admin":true}}')
      .expect(400);
    expect(await orderCount()).toBe(before);
  });

  it('answers 400 for a malformed order id and 404 for an unknown one', async () => {
    const bad = await request(engine.baseUrl).get('/api/orders/42').expect(400);
    expect(bad.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'id must be a UUID',
      errors: [{ field: 'id', rule: 'isUuid', message: 'id must be a UUID' }],
    });
    const missing = await request(engine.baseUrl).get('/api/orders/00000000-0000-7000-8000-000000000000').expect(404);
    expect(missing.body).toEqual({
      statusCode: 404,
      code: 'ORDER_NOT_FOUND',
      message: 'order 00000000-0000-7000-8000-000000000000 not found',
    });
  });

  it('validates the listing query', async () => {
    const res = await request(engine.baseUrl).get('/api/orders?limit=1000').expect(400);
    expect(res.body.errors).toEqual([{ field: 'limit', rule: 'max', message: 'limit must not be greater than 200' }]);
    const cursor = await request(engine.baseUrl).get('/api/orders?cursor=bogus').expect(400);
    expect(cursor.body.errors[0]).toMatchObject({ field: 'cursor', rule: 'cursor' });
  });
  describe('order types', () => {
    const swap = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' };

    it('refuses an unknown type, naming the known ones', async () => {
      await expect400({ ...swap, type: 'twap' }, [
        { field: 'type', rule: 'isIn', message: 'type must be one of the following values: market, limit, stop, sniper' },
      ]);
    });

    it.each(['limit', 'stop'])('requires triggerPrice for a %s order', async (type) => {
      await expect400({ ...swap, type }, [{ field: 'triggerPrice', rule: 'requiredForType', message: `a ${type} order needs triggerPrice` }]);
    });

    it('refuses trigger fields on a market order, and maxPrice on a limit order', async () => {
      await expect400({ ...swap, triggerPrice: '100' }, [{ field: 'triggerPrice', rule: 'notForType' }]);
      await expect400({ ...swap, expiresIn: 60 }, [{ field: 'expiresIn', rule: 'notForType' }]);
      await expect400({ ...swap, type: 'limit', triggerPrice: '100', maxPrice: '1' }, [{ field: 'maxPrice', rule: 'notForType' }]);
    });

    it.each(['0', '-1', 'abc', '1e5', '1.0000000000000000001', '', ' ', '0x10', 'NaN', 'Infinity'])(
      'refuses triggerPrice %p',
      async (triggerPrice) => {
        const res = await request(engine.baseUrl).post('/api/orders/execute').send({ ...swap, type: 'limit', triggerPrice }).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['triggerPrice']);
      },
    );

    it('takes triggerPrice as a number too, and shows it as a decimal string', async () => {
      const res = await request(engine.baseUrl)
        .post('/api/orders/execute')
        .send({ ...swap, type: 'limit', triggerPrice: 151.25 })
        .expect(202);
      const order = await request(engine.baseUrl).get(`/api/orders/${res.body.orderId}`).expect(200);
      expect(order.body).toMatchObject({ type: 'limit', triggerPrice: '151.25', status: 'pending' });
    });

    it('validates the expiry: one of expiresAt or expiresIn, in the future, within a year', async () => {
      const limit = { ...swap, type: 'limit', triggerPrice: '500' };
      await expect400({ ...limit, expiresIn: 0 }, [{ field: 'expiresIn', rule: 'min' }]);
      await expect400({ ...limit, expiresIn: 1.5 }, [{ field: 'expiresIn', rule: 'isInt' }]);
      await expect400({ ...limit, expiresIn: 31_536_001 }, [{ field: 'expiresIn', rule: 'max' }]);
      await expect400({ ...limit, expiresAt: '2020-01-01T00:00:00Z' }, [{ field: 'expiresAt', rule: 'range' }]);
      await expect400({ ...limit, expiresAt: 'tomorrow' }, [{ field: 'expiresAt', rule: 'isISO8601' }]);
      // Without a time zone the moment is ambiguous.
      await expect400({ ...limit, expiresAt: '2030-01-01T00:00:00' }, [{ field: 'expiresAt', rule: 'isISO8601' }]);
      const soon = new Date(Date.now() + 60_000).toISOString();
      await expect400({ ...limit, expiresAt: soon, expiresIn: 60 }, [{ field: 'expiresIn', rule: 'oneOf' }]);
    });

    it('validates the fee options', async () => {
      await expect400({ ...swap, priorityFee: 'fast' }, [{ field: 'priorityFee', rule: 'priorityFee' }]);
      await expect400({ ...swap, priorityFee: -1 }, [{ field: 'priorityFee', rule: 'priorityFee' }]);
      await expect400({ ...swap, priorityFee: 10_000_001 }, [{ field: 'priorityFee', rule: 'priorityFee' }]);
      await expect400({ ...swap, jitoTipLamports: 100_000_001 }, [{ field: 'jitoTipLamports', rule: 'max' }]);
      await expect400({ ...swap, jitoTipLamports: '1000' }, [
        { field: 'jitoTipLamports', rule: 'max' },
        { field: 'jitoTipLamports', rule: 'min' },
        { field: 'jitoTipLamports', rule: 'isInt' },
      ]);
    });
  });
});
