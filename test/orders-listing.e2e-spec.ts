import fc from 'fast-check';
import request from 'supertest';
import { RunningEngine, startEngine } from './support/engine';

const BAD_CURSOR = {
  statusCode: 400,
  code: 'VALIDATION_FAILED',
  message: 'cursor must be a nextCursor value returned by this API',
  errors: [{ field: 'cursor', rule: 'cursor', message: 'cursor must be a nextCursor value returned by this API' }],
};

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

  it('refuses a cursor naming a date Postgres cannot hold with 400, not 500', async () => {
    const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    // The earlier readable layout, which decoded to a date in year -200000 and reached Postgres.
    const readable = Buffer.from(`-200000-01-01T00:00:00.000Z|${id}`).toString('base64url');
    // The current layout with the same date.
    const bytes = Buffer.alloc(25);
    bytes.writeUInt8(1, 0);
    bytes.writeBigInt64BE(BigInt(Date.UTC(-200000, 0, 1)), 1);
    Buffer.from(id.replace(/-/g, ''), 'hex').copy(bytes, 9);
    for (const cursor of [readable, bytes.toString('base64url')]) {
      const res = await request(engine.baseUrl).get('/api/orders').query({ cursor }).expect(400);
      expect(res.body).toEqual(BAD_CURSOR);
    }
  });

  it('answers any string given as cursor with 200 or 400, never 5xx', async () => {
    const real = (await request(engine.baseUrl).get('/api/orders').query({ limit: 1 }).expect(200)).body.nextCursor as string;
    expect(real).toEqual(expect.any(String));
    const nearReal = fc
      .tuple(fc.nat(real.length - 1), fc.constantFrom(...'AQgwZz09-_'))
      .map(([at, c]) => real.slice(0, at) + c + real.slice(at + 1));
    const cursor = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.fullUnicodeString({ maxLength: 40 }),
      fc.stringMatching(/^[A-Za-z0-9_-]{34}$/),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64url')),
      nearReal,
      fc.constantFrom('', ' ', '%', '\u0000', `${real}=`, `${real}${real}`, real.toLowerCase(), 'x'.repeat(1500)),
    );
    await fc.assert(
      fc.asyncProperty(cursor, async (c) => {
        const res = await request(engine.baseUrl).get('/api/orders').query({ cursor: c });
        if (res.status === 200) return;
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      }),
      { numRuns: 150, seed: 20_261_124 },
    );
  });
});
