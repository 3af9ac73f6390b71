import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Client } from 'pg';
import { AccountsRepository, ApiKeys, CreatedKey } from '@app/accounts';
import { DataSource } from 'typeorm';
import { RunningEngine, startEngine, testDb } from './support/engine';
import { until } from './support/wait';
import { firstMessage, recordUntilClose, upgradeAnswer } from './support/ws-client';

const order = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' };

/** AUTH_MODE=required: every request needs a key, and each account sees only its own orders. */
describe('accounts and API keys (AUTH_MODE=required)', () => {
  let engine: RunningEngine;
  let db: Client;
  let alice: CreatedKey;
  let bob: CreatedKey;

  beforeAll(async () => {
    engine = await startEngine({ AUTH_MODE: 'required', RUN_WORKER: 'false' });
    db = await testDb();
    const keys = engine.app.get(ApiKeys);
    alice = await keys.create({ account: `alice-${randomUUID().slice(0, 8)}` });
    bob = await keys.create({ account: `bob-${randomUUID().slice(0, 8)}` });
  });

  afterAll(async () => {
    await db.end();
    await engine.close();
  });

  const as = (key: CreatedKey | string) => ({ Authorization: `Bearer ${typeof key === 'string' ? key : key.key}` });

  it('refuses a request without a key with 401 and a WWW-Authenticate challenge', async () => {
    const res = await request(engine.baseUrl).post('/api/orders/execute').send(order).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="order-engine"');
    expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    await request(engine.baseUrl).get('/api/orders').expect(401);
  });

  it('refuses a malformed, unknown or wrong key alike', async () => {
    const forged = alice.key.slice(0, -4) + 'AAAA';
    for (const key of ['nonsense', forged, `oek_000000000000_${'A'.repeat(43)}`]) {
      const res = await request(engine.baseUrl).get('/api/orders').set(as(key)).expect(401);
      expect(res.body).toMatchObject({ code: 'INVALID_API_KEY' });
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('takes the key as Authorization: Bearer or X-API-Key', async () => {
    await request(engine.baseUrl).get('/api/orders').set(as(alice)).expect(200);
    await request(engine.baseUrl).get('/api/orders').set('X-API-Key', alice.key).expect(200);
  });

  it('keeps /health open without a key', async () => {
    await request(engine.baseUrl).get('/health').expect(200);
  });

  it("shows an account only its own orders: another account's order is a 404, never a 403", async () => {
    const placed = await request(engine.baseUrl).post('/api/orders/execute').set(as(alice)).send(order).expect(202);
    const id = placed.body.orderId;
    await request(engine.baseUrl).get(`/api/orders/${id}`).set(as(alice)).expect(200);
    const theirs = await request(engine.baseUrl).get(`/api/orders/${id}`).set(as(bob)).expect(404);
    expect(theirs.body).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const aliceList = await request(engine.baseUrl).get('/api/orders').set(as(alice)).expect(200);
    const bobList = await request(engine.baseUrl).get('/api/orders').set(as(bob)).expect(200);
    expect(aliceList.body.items.map((o: { id: string }) => o.id)).toContain(id);
    expect(bobList.body.items.map((o: { id: string }) => o.id)).not.toContain(id);
    const { rows } = await db.query('SELECT account_id FROM orders WHERE id = $1', [id]);
    expect(rows[0].account_id).toBe(alice.accountId);
  });

  it('keeps idempotency keys per account: one key, two accounts, two orders; a reuse names only your own order', async () => {
    const key = randomUUID();
    const a = await request(engine.baseUrl).post('/api/orders/execute').set(as(alice)).set('Idempotency-Key', key).send(order).expect(202);
    const b = await request(engine.baseUrl).post('/api/orders/execute').set(as(bob)).set('Idempotency-Key', key).send(order).expect(202);
    expect(a.body.orderId).not.toBe(b.body.orderId);
    const reused = await request(engine.baseUrl)
      .post('/api/orders/execute').set(as(bob)).set('Idempotency-Key', key).send({ ...order, amountIn: '2' }).expect(422);
    expect(JSON.stringify(reused.body)).not.toContain(a.body.orderId);
  });

  it('refuses a revoked key from the next request on', async () => {
    const keys = engine.app.get(ApiKeys);
    const carol = await keys.create({ account: `carol-${randomUUID().slice(0, 8)}` });
    await request(engine.baseUrl).get('/api/orders').set(as(carol)).expect(200);
    await keys.revoke(carol.prefix);
    await request(engine.baseUrl).get('/api/orders').set(as(carol)).expect(401);
  });

  it('refuses a key revoked elsewhere (the keys command, another api) within a second', async () => {
    const keys = engine.app.get(ApiKeys);
    const gina = await keys.create({ account: `gina-${randomUUID().slice(0, 8)}` });
    await request(engine.baseUrl).get('/api/orders').set(as(gina)).expect(200);
    // Another process: its own ApiKeys on the same database, as `npm run keys -- revoke` is.
    const elsewhere = new ApiKeys(new AccountsRepository(engine.app.get(DataSource)), { ordersPerSecond: 0, readsPerSecond: 0, maxOpenOrders: 0 });
    const revokedAt = Date.now();
    await elsewhere.revoke(gina.prefix);
    await until('the revoked key refused', async () => (await request(engine.baseUrl).get('/api/orders').set(as(gina))).status, 401, {
      deadlineMs: 1_500,
    });
    expect(Date.now() - revokedAt).toBeLessThan(1_500);
  });

  it('answers 429 with Retry-After and RateLimit headers past an account limit', async () => {
    const dave = await engine.app.get(ApiKeys).create({ account: `dave-${randomUUID().slice(0, 8)}`, ordersPerSecond: 2 });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await request(engine.baseUrl).post('/api/orders/execute').set(as(dave)).send(order));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 429, 429]);
    expect(answers[0].headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-policy': '2;w=1' });
    expect(Number(answers[0].headers['ratelimit-remaining'])).toBe(1);
    const refused = answers[2];
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
  });

  it('answers 429 TOO_MANY_OPEN_ORDERS past the cap on open orders, and still replays an accepted order', async () => {
    const erin = await engine.app.get(ApiKeys).create({ account: `erin-${randomUUID().slice(0, 8)}`, maxOpenOrders: 1 });
    const key = randomUUID();
    const first = await request(engine.baseUrl).post('/api/orders/execute').set(as(erin)).set('Idempotency-Key', key).send(order).expect(202);
    // No worker runs: the first order stays open.
    const refused = await request(engine.baseUrl).post('/api/orders/execute').set(as(erin)).send(order).expect(429);
    expect(refused.body).toMatchObject({ code: 'TOO_MANY_OPEN_ORDERS', limit: 1 });
    expect(refused.headers['retry-after']).toBe('1');
    const replay = await request(engine.baseUrl).post('/api/orders/execute').set(as(erin)).set('Idempotency-Key', key).send(order).expect(202);
    expect(replay.body.orderId).toBe(first.body.orderId);
  });

  describe('over the WebSocket', () => {
    let aliceOrder: string;
    beforeAll(async () => {
      aliceOrder = (await request(engine.baseUrl).post('/api/orders/execute').set(as(alice)).send(order).expect(202)).body.orderId;
    });
    const url = (suffix = '') => `${engine.wsUrl}/ws/orders/${aliceOrder}${suffix}`;

    it('refuses an upgrade without credentials with HTTP 401, before the upgrade completes', async () => {
      const answer = await upgradeAnswer(url());
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="order-engine"');
      expect((await upgradeAnswer(url(), { 'x-api-key': 'nonsense' })).status).toBe(401);
    });

    it("streams an order to its account's key, and closes another account's socket with 4404", async () => {
      expect(await firstMessage(url(), as(alice))).toMatchObject({ orderId: aliceOrder, seq: 1, status: 'pending' });
      const theirs = await recordUntilClose(url(), 5_000, as(bob));
      expect(theirs.closeCode).toBe(4404);
      expect(theirs.messages).toEqual([{ orderId: aliceOrder, error: `order ${aliceOrder} not found`, code: 'ORDER_NOT_FOUND' }]);
    });

    it('takes a single-use ticket from POST /api/ws-tickets instead of headers', async () => {
      const issued = await request(engine.baseUrl).post('/api/ws-tickets').set(as(alice)).expect(201);
      expect(issued.body.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeGreaterThan(25_000);
      const ticketUrl = url(`?ticket=${issued.body.ticket}`);
      expect(await firstMessage(ticketUrl)).toMatchObject({ orderId: aliceOrder, status: 'pending' });
      const again = await upgradeAnswer(ticketUrl);
      expect(again.status).toBe(401);
      expect((await upgradeAnswer(url('?ticket=made-up'))).status).toBe(401);
      await request(engine.baseUrl).post('/api/ws-tickets').expect(401);
    });

    it('refuses the upgrade of a revoked key at once', async () => {
      const keys = engine.app.get(ApiKeys);
      const frank = await keys.create({ account: alice.account });
      expect((await upgradeAnswer(url(), as(frank))).status).toBe(101);
      await keys.revoke(frank.prefix);
      expect((await upgradeAnswer(url(), as(frank))).status).toBe(401);
    });
  });
});
