import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ApiKeys, CreatedKey } from '@app/accounts';
import { RunningEngine, startEngine } from './support/engine';
import { RoleProcess, startRole } from './support/processes';
import { recordUntilClose } from './support/ws-client';

const ON = { SIM_LAUNCHES_API: 'true' };
const LAUNCH_FIELDS = {
  mint: expect.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/),
  symbol: expect.stringMatching(/^[A-Z]{4,8}$/),
  decimals: 6,
  source: 'adhoc',
  launchAt: expect.any(String),
  launchSlot: expect.any(Number),
  announcedAt: expect.any(String),
  state: 'announced',
  graduatedAt: null,
  curve: expect.objectContaining({ initialVirtualSolReserves: '30', initialRealTokenReserves: '793100000', feeBps: 100 }),
};

/** Reads `read` until `done` holds, or fails at the deadline with the last value (no fixed sleeps). */
async function poll<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, deadlineMs: number): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - start > deadlineMs) throw new Error(`${what}: not after ${deadlineMs} ms; last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const quote = (base: string, tokenIn: string, tokenOut: string, amountIn: string) =>
  request(base).get('/api/quotes').query({ tokenIn, tokenOut, amountIn });

describe('token launches: POST /api/sim/launches off', () => {
  let engine: RunningEngine;
  beforeAll(async () => {
    engine = await startEngine({ RUN_WORKER: 'false', SIM_LAUNCHES_API: 'false' });
  });
  afterAll(() => engine.close());

  it('answers 404 like an unknown route, while GET /api/launches still lists the scheduled launches', async () => {
    const res = await request(engine.baseUrl).post('/api/sim/launches').send({}).expect(404);
    const unknown = await request(engine.baseUrl).post('/api/sim/unknown').send({}).expect(404);
    expect(res.body).toEqual({ ...unknown.body, message: unknown.body.message.replace('unknown', 'launches') });
    const listed = await request(engine.baseUrl).get('/api/launches').expect(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    expect(listed.body.items.every((l: { source: string }) => l.source === 'scheduled')).toBe(true);
  });
});

describe('token launches: POST /api/sim/launches on (open mode)', () => {
  let engine: RunningEngine;
  let other: RunningEngine;
  beforeAll(async () => {
    engine = await startEngine({ RUN_WORKER: 'true', ...ON });
    // A second api process on the same database: it learns ad-hoc launches from the table.
    other = await startEngine({ RUN_WORKER: 'false', ...ON });
  });
  afterAll(async () => {
    await other.close();
    await engine.close();
  });

  it('makes a launch a few slots ahead: 201 with the launch, listed by GET /api/launches', async () => {
    const before = Date.now();
    const res = await request(engine.baseUrl).post('/api/sim/launches').expect(201);
    expect(res.body).toMatchObject(LAUNCH_FIELDS);
    const launchAt = Date.parse(res.body.launchAt);
    expect(launchAt - before).toBeGreaterThanOrEqual(1_900);
    expect(launchAt - Date.now()).toBeLessThan(2_500);
    const listed = await request(engine.baseUrl).get('/api/launches').expect(200);
    const items: Array<{ mint: string; launchAt: string }> = listed.body.items;
    expect(items.find((l) => l.mint === res.body.mint)).toMatchObject({ symbol: res.body.symbol, launchAt: res.body.launchAt });
    // Newest (latest launch time) first: a scheduled launch announced for later may precede it.
    const times = items.map((l) => Date.parse(l.launchAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(items.length).toBeLessThanOrEqual(50);
  });

  it('takes { inSeconds } and refuses anything but a whole number of seconds up to a day', async () => {
    const res = await request(engine.baseUrl).post('/api/sim/launches').send({ inSeconds: 600 }).expect(201);
    expect(Date.parse(res.body.launchAt) - Date.now()).toBeGreaterThan(595_000);
    for (const body of [{ inSeconds: 0 }, { inSeconds: 1.5 }, { inSeconds: '10' }, { inSeconds: 86_401 }, { later: 1 }]) {
      const refused = await request(engine.baseUrl).post('/api/sim/launches').send(body).expect(400);
      const field = Object.keys(body)[0];
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: expect.arrayContaining([expect.objectContaining({ field })]) });
    }
  });

  it('is known to another process before it opens', async () => {
    const made = (await request(engine.baseUrl).post('/api/sim/launches').expect(201)).body;
    const seen = await poll(
      'the launch listed by the other process',
      async () => (await request(other.baseUrl).get('/api/launches')).body.items.map((l: { mint: string }) => l.mint),
      (mints: string[]) => mints.includes(made.mint),
      2_000,
    );
    expect(seen).toContain(made.mint);
    expect(Date.now()).toBeLessThan(Date.parse(made.launchAt));
  });

  it('quotes SOL → the new token: NOT_YET_TRADABLE before the launch, through the launchpad from it', async () => {
    const made = (await request(engine.baseUrl).post('/api/sim/launches').send({ inSeconds: 2 }).expect(201)).body;
    const early = await quote(engine.baseUrl, 'SOL', made.symbol, '1').expect(422);
    expect(early.body).toMatchObject({ statusCode: 422, code: 'NOT_YET_TRADABLE', message: expect.stringContaining(made.launchAt) });
    const res = await poll('a quote after the launch', () => quote(other.baseUrl, 'SOL', made.mint, '1'), (r) => r.status === 200, 5_000);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(made.launchAt));
    expect(res.body).toMatchObject({ tokenIn: 'SOL', tokenOut: made.symbol, kind: 'single', route: 'launchpad' });
    expect(res.body.routePlan).toEqual([
      expect.objectContaining({ venue: 'launchpad', poolId: `launchpad-${made.mint}`, tokenIn: 'SOL', tokenOut: made.symbol, fee: '0.01' }),
    ]);
    // About 34 million tokens for 1 SOL on a fresh curve.
    expect(Number(res.body.outAmount)).toBeGreaterThan(30_000_000);
    const viaSol = await quote(engine.baseUrl, 'USDC', made.symbol, '150').expect(200);
    expect(viaSol.body.routePlan.map((l: { tokenIn: string; tokenOut: string }) => `${l.tokenIn}>${l.tokenOut}`)).toEqual([
      'USDC>SOL',
      `SOL>${made.symbol}`,
    ]);
    const view = (await request(engine.baseUrl).get('/api/launches')).body.items.find((l: { mint: string }) => l.mint === made.mint);
    expect(view).toMatchObject({ state: 'trading', venue: 'launchpad', poolId: `launchpad-${made.mint}` });
  });

  it('executes a market order for a launched token like any other', async () => {
    const made = (await request(engine.baseUrl).post('/api/sim/launches').send({ inSeconds: 1 }).expect(201)).body;
    await poll('the launch open', () => quote(engine.baseUrl, 'SOL', made.symbol, '0.5'), (r) => r.status === 200, 5_000);
    const placed = await request(engine.baseUrl)
      .post('/api/orders/execute')
      .send({ tokenIn: 'SOL', tokenOut: made.symbol, amountIn: '0.5', slippage: 0.05 })
      .expect(202);
    const { messages } = await recordUntilClose(`${engine.wsUrl}/ws/orders/${placed.body.orderId}`);
    expect(messages.map((m) => m.status)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    expect(messages[1]).toMatchObject({ venue: 'launchpad' });
  });
});

describe('token launches: POST /api/sim/launches in AUTH_MODE=required', () => {
  let engine: RunningEngine;
  let admin: CreatedKey;
  let user: CreatedKey;
  beforeAll(async () => {
    engine = await startEngine({ AUTH_MODE: 'required', RUN_WORKER: 'false', ...ON });
    const keys = engine.app.get(ApiKeys);
    admin = await keys.create({ account: `ops-${randomUUID().slice(0, 8)}`, admin: true });
    user = await keys.create({ account: `user-${randomUUID().slice(0, 8)}` });
  });
  afterAll(() => engine.close());

  const as = (key: CreatedKey) => ({ Authorization: `Bearer ${key.key}` });

  it('takes an admin key (201), refuses other keys (403) and no key (401)', async () => {
    const made = await request(engine.baseUrl).post('/api/sim/launches').set(as(admin)).send({ inSeconds: 30 }).expect(201);
    expect(made.body).toMatchObject(LAUNCH_FIELDS);
    const forbidden = await request(engine.baseUrl).post('/api/sim/launches').set(as(user)).send({ inSeconds: 30 }).expect(403);
    expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN' });
    const anonymous = await request(engine.baseUrl).post('/api/sim/launches').send({ inSeconds: 30 }).expect(401);
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('lists launches for any key, and not without one', async () => {
    const listed = await request(engine.baseUrl).get('/api/launches').set(as(user)).expect(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    await request(engine.baseUrl).get('/api/launches').expect(401);
  });
});

describe('token launches: a worker process trades a launch an api process made', () => {
  let api: RunningEngine;
  let worker: RoleProcess;
  beforeAll(async () => {
    api = await startEngine({ AUTH_MODE: 'open', RUN_WORKER: 'false', ...ON });
    worker = await startRole('worker', { AUTH_MODE: 'open' }, /worker running/);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  it('confirms an order for a token launched seconds before, executed in the other process', async () => {
    const made = (await request(api.baseUrl).post('/api/sim/launches').send({ inSeconds: 1 }).expect(201)).body;
    await poll('the launch open', () => quote(api.baseUrl, 'SOL', made.symbol, '0.2'), (r) => r.status === 200, 5_000);
    const placed = await request(api.baseUrl)
      .post('/api/orders/execute')
      .send({ tokenIn: 'SOL', tokenOut: made.mint, amountIn: '0.2', slippage: 0.05 })
      .expect(202);
    const { messages } = await recordUntilClose(`${api.wsUrl}/ws/orders/${placed.body.orderId}`);
    expect(messages.at(-1)).toMatchObject({ status: 'confirmed', venue: 'launchpad' });
    expect(worker.output()).not.toMatch(/ERROR/);
  });
});
