import request from 'supertest';
import { Client } from 'pg';
import { RunningEngine, startEngine, testDb } from './support/engine';
import { recordUntilClose } from './support/ws-client';
import { until } from './support/wait';

/** A short market tick, so that waiting orders trigger and expire quickly. */
const TICK_MS = 100;

/**
 * Limit and stop orders, expiry and cancel, through the API with the worker and its trigger
 * engine running. The simulated market's price follows the clock, not the test; to make a waiting
 * order's trigger met at a known moment, a test moves the order's trigger (in the database) to the
 * other side of the market: to the trigger engine that is the same as the market crossing it.
 */
describe('limit and stop orders, expiry and cancel', () => {
  let engine: RunningEngine;
  let db: Client;

  beforeAll(async () => {
    engine = await startEngine({ TRIGGER_TICK_MS: String(TICK_MS) });
    db = await testDb();
  });

  afterAll(async () => {
    await db.end();
    await engine.close();
  });

  const api = () => request(engine.baseUrl);

  async function place(body: Record<string, unknown>): Promise<string> {
    const res = await api().post('/api/orders/execute').send(body);
    if (res.status !== 202) throw new Error(`placing ${JSON.stringify(body)} answered ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.orderId as string;
  }

  const statusOf = async (id: string) => (await api().get(`/api/orders/${id}`).expect(200)).body.status as string;

  async function settle(id: string, status: string, deadlineMs = 10_000): Promise<Array<Record<string, unknown>>> {
    await until(`order ${id}`, () => statusOf(id), status, { deadlineMs });
    return (await recordUntilClose(`${engine.wsUrl}/ws/orders/${id}`)).messages;
  }

  /** The events stored so far (the stream of an order that has not ended stays open). */
  async function storedEvents(id: string): Promise<Array<{ status: string; details: Record<string, unknown> }>> {
    const rows = await db.query('SELECT status, details FROM order_events WHERE order_id = $1 ORDER BY seq', [id]);
    return rows.rows;
  }

  /** SOL's price in USDC now, for one SOL (what a stop compares with). */
  async function solPrice(): Promise<number> {
    const res = await api().get('/api/quotes').query({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' }).expect(200);
    return Number(res.body.outAmount);
  }

  /** Moves a waiting order's trigger, as the market crossing it would (limits keep their floor in step). */
  async function moveTrigger(id: string, price: string): Promise<void> {
    await db.query(
      `UPDATE orders SET trigger_price = $2::numeric,
              min_out_floor = CASE WHEN type = 'limit' THEN floor(amount_in * $2::numeric / 1000) ELSE NULL END
        WHERE id = $1`,
      [id, price],
    );
  }

  it('executes a limit order whose price is met at placement at once, never below its limit', async () => {
    const id = await place({ type: 'limit', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.5', triggerPrice: '100' });
    const messages = await settle(id, 'confirmed');
    expect(messages.map((m) => m.status)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    const building = messages[2];
    // minAmountOut = max(quote × (1 − slippage), amountIn × triggerPrice) = at least 50 USDC.
    expect(Number(building.minAmountOut)).toBeGreaterThanOrEqual(50);
    expect(Number(messages[4].amountOut)).toBeGreaterThanOrEqual(50);
    const order = (await api().get(`/api/orders/${id}`).expect(200)).body;
    expect(order).toMatchObject({ type: 'limit', triggerPrice: '100', status: 'confirmed' });
  });

  it('keeps a limit order out of reach waiting, with the trigger, the market price and the distance', async () => {
    const id = await place({ type: 'limit', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', triggerPrice: '1000000' });
    await until('waiting', () => statusOf(id), 'waiting');
    const [, waiting] = await storedEvents(id);
    expect(waiting.status).toBe('waiting');
    expect(waiting.details).toMatchObject({ type: 'limit', triggerPrice: '1000000', minAmountOut: '1000000', expiresAt: null });
    const current = Number(waiting.details.currentPrice);
    expect(current).toBeGreaterThan(50);
    // The market sits far under the limit: about −99.98% away.
    expect(waiting.details.distanceBps).toBeLessThan(-9_900);
    // It is still waiting a few ticks later.
    await new Promise((r) => setTimeout(r, TICK_MS * 4));
    expect(await statusOf(id)).toBe('waiting');
    await api().post(`/api/orders/${id}/cancel`).send({}).expect(200);
  });

  it('triggers a waiting limit order when its price is reached, within a tick, and fills at or above it', async () => {
    const id = await place({ type: 'limit', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.2', triggerPrice: '1000000' });
    await until('waiting', () => statusOf(id), 'waiting');
    const limit = Math.floor((await solPrice()) * 0.9);
    await moveTrigger(id, String(limit));
    const messages = await settle(id, 'confirmed');
    expect(messages.map((m) => m.status)).toEqual(['pending', 'waiting', 'routing', 'building', 'submitted', 'confirmed']);
    expect(Number(messages[5].amountOut)).toBeGreaterThanOrEqual(0.2 * limit);
    const row = (await db.query('SELECT triggered_at FROM orders WHERE id = $1', [id])).rows[0];
    const routingAt = Date.parse(messages[2].at as string);
    // Started within a tick of the tick that found the price met (plus the time to claim and enqueue).
    expect(routingAt - row.triggered_at.getTime()).toBeLessThan(TICK_MS + 1_000);
  });

  it('refuses a stop order whose trigger the market already reached (422 with the price)', async () => {
    const res = await api()
      .post('/api/orders/execute')
      .send({ type: 'stop', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', triggerPrice: '100000' })
      .expect(422);
    expect(res.body).toMatchObject({ code: 'STOP_PRICE_REACHED', triggerPrice: '100000', currentPrice: expect.stringMatching(/^\d+(\.\d+)?$/) });
    expect(Number(res.body.currentPrice)).toBeLessThan(100000);
  });

  it('sells with a stop order once the market falls to its trigger', async () => {
    const id = await place({ type: 'stop', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.3', triggerPrice: '1' });
    await until('waiting', () => statusOf(id), 'waiting');
    const [, waiting] = await storedEvents(id);
    expect(waiting.details).toMatchObject({ type: 'stop', triggerPrice: '1' });
    expect(waiting.details.distanceBps).toBeGreaterThan(9_000);
    await moveTrigger(id, String(Math.ceil((await solPrice()) * 1.5)));
    const messages = await settle(id, 'confirmed');
    expect(messages.map((m) => m.status)).toEqual(['pending', 'waiting', 'routing', 'building', 'submitted', 'confirmed']);
  });

  it('expires an order at expiresIn within a tick: an event, no swap', async () => {
    const placedAt = Date.now();
    const id = await place({ type: 'limit', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', triggerPrice: '1000000', expiresIn: 1 });
    const messages = await settle(id, 'expired', 5_000);
    expect(messages.map((m) => m.status)).toEqual(['pending', 'waiting', 'expired']);
    const expired = messages[2];
    expect(Date.parse(expired.at as string)).toBeGreaterThanOrEqual(placedAt + 1_000);
    expect(Date.parse(expired.at as string) - Date.parse(expired.expiresAt as string)).toBeLessThan(TICK_MS + 500);
    const order = (await api().get(`/api/orders/${id}`).expect(200)).body;
    expect(order).toMatchObject({ status: 'expired', txHash: null, amountOut: null });
  });

  it('expires an order at an ISO expiresAt', async () => {
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    const id = await place({ type: 'stop', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', triggerPrice: '1', expiresAt });
    const messages = await settle(id, 'expired', 5_000);
    expect(messages[messages.length - 1]).toMatchObject({ status: 'expired', expiresAt });
  });

  it('pays the priority fee and the Jito tip it asks for, and records what it paid', async () => {
    const id = await place({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.1', priorityFee: 200_000, jitoTipLamports: 50_000 });
    const messages = await settle(id, 'confirmed');
    const building = messages.find((m) => m.status === 'building')!;
    const confirmed = messages.find((m) => m.status === 'confirmed')!;
    expect(building).toMatchObject({ computeUnitPriceMicroLamports: '200000', jitoTipLamports: '50000' });
    expect(confirmed).toMatchObject({ jitoTipLamports: '50000', bundle: expect.any(Boolean) });
    // Signature (5,000) + priority fee (compute units × price) + tip.
    expect(BigInt(confirmed.feeLamports as string)).toBe(5_000n + BigInt(confirmed.priorityFeeLamports as string) + 50_000n);
    const order = (await api().get(`/api/orders/${id}`).expect(200)).body;
    expect(order).toMatchObject({ priorityFee: '200000', jitoTipLamports: '50000', feeLamports: confirmed.feeLamports });
    const auto = await place({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.1', priorityFee: 'auto', maxPriorityFeeLamports: 100_000 });
    const autoBuilt = (await settle(auto, 'confirmed')).find((m) => m.status === 'building')!;
    // The market is calm in the tests: auto bids the default price.
    expect(autoBuilt.computeUnitPriceMicroLamports).toBe('50000');
    const capWithoutAuto = await api().post('/api/orders/execute').send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', maxPriorityFeeLamports: 1 }).expect(400);
    expect(capWithoutAuto.body.errors).toContainEqual(expect.objectContaining({ field: 'maxPriorityFeeLamports', rule: 'autoOnly' }));
  });

  describe('cancel', () => {
    it('cancels a waiting order: 200 with the order, a cancelled event, and again 200 when repeated', async () => {
      const id = await place({ type: 'limit', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', triggerPrice: '1000000' });
      await until('waiting', () => statusOf(id), 'waiting');
      const first = await api().post(`/api/orders/${id}/cancel`).expect(200);
      expect(first.body).toMatchObject({ id, status: 'cancelled', type: 'limit' });
      const { messages, closeCode } = await recordUntilClose(`${engine.wsUrl}/ws/orders/${id}`);
      expect(messages.map((m) => m.status)).toEqual(['pending', 'waiting', 'cancelled']);
      expect(closeCode).toBe(1000);
      const again = await api().post(`/api/orders/${id}/cancel`).expect(200);
      expect(again.body).toEqual(first.body);
      expect(await storedEvents(id)).toHaveLength(3);
    });

    it('answers 409 ORDER_NOT_CANCELLABLE naming the status of a finished order', async () => {
      const id = await place({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.1' });
      await settle(id, 'confirmed');
      const res = await api().post(`/api/orders/${id}/cancel`).expect(409);
      expect(res.body).toMatchObject({ code: 'ORDER_NOT_CANCELLABLE', orderId: id, status: 'confirmed' });
      expect(res.body.message).toContain('confirmed');
    });

    it('answers 404 for an unknown order and 400 for an id that is not a UUID', async () => {
      await api().post('/api/orders/00000000-0000-4000-8000-000000000000/cancel').expect(404);
      const res = await api().post('/api/orders/nope/cancel').expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'id', rule: 'isUuid' })]);
    });

    it('cancels in bulk: named ids, with what could not be cancelled and what was not found', async () => {
      const waiting = await place({ type: 'limit', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', triggerPrice: '1000000' });
      const done = await place({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.1' });
      await settle(done, 'confirmed');
      const unknown = '00000000-0000-4000-8000-00000000abcd';
      const res = await api().post('/api/orders/cancel').send({ ids: [waiting, done, unknown, waiting] }).expect(200);
      expect(res.body).toEqual({ cancelled: [waiting], notCancellable: [{ orderId: done, status: 'confirmed' }], notFound: [unknown] });
      expect(await statusOf(waiting)).toBe('cancelled');
    });

    it('cancels every open order of the account with {}', async () => {
      const ids = await Promise.all(
        [1, 2, 3].map((n) => place({ type: 'limit', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: String(n), triggerPrice: '1000000' })),
      );
      const res = await api().post('/api/orders/cancel').send({}).expect(200);
      expect(res.body.cancelled).toEqual(expect.arrayContaining(ids));
      expect(res.body.notFound).toEqual([]);
      for (const id of ids) expect(await statusOf(id)).toBe('cancelled');
      const open = await db.query(`SELECT count(*)::int AS n FROM orders WHERE status IN ('pending', 'waiting') AND account_id = $1`, [
        (await db.query('SELECT account_id FROM orders WHERE id = $1', [ids[0]])).rows[0].account_id,
      ]);
      expect(open.rows[0].n).toBe(0);
    });

    it('refuses a bulk cancel body that is not a list of order ids', async () => {
      const res = await api().post('/api/orders/cancel').send({ ids: ['x'] }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'ids', rule: 'isUuid' })]);
      await api().post('/api/orders/cancel').send({ ids: 'all' }).expect(400);
      await api().post('/api/orders/cancel').send({ all: true }).expect(400);
    });
  });

  it('lists waiting orders by status', async () => {
    const id = await place({ type: 'stop', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', triggerPrice: '2' });
    await until('waiting', () => statusOf(id), 'waiting');
    const listed = await api().get('/api/orders').query({ status: 'waiting' }).expect(200);
    expect(listed.body.items.map((o: { id: string }) => o.id)).toContain(id);
    await api().post(`/api/orders/${id}/cancel`).expect(200);
    const cancelled = await api().get('/api/orders').query({ status: 'cancelled' }).expect(200);
    expect(cancelled.body.items.map((o: { id: string }) => o.id)).toContain(id);
  });
});

describe('a cancel racing the worker, at realistic latency', () => {
  let engine: RunningEngine;
  let db: Client;

  beforeAll(async () => {
    engine = await startEngine({ SIM_LATENCY: 'realistic' });
    db = await testDb();
  });

  afterAll(async () => {
    await db.end();
    await engine.close();
  });

  const api = () => request(engine.baseUrl);
  const statusOf = async (id: string) => (await api().get(`/api/orders/${id}`).expect(200)).body.status as string;

  async function place(body: Record<string, unknown>): Promise<string> {
    return (await api().post('/api/orders/execute').send(body).expect(202)).body.orderId as string;
  }

  async function settle(id: string, status: string, deadlineMs: number): Promise<void> {
    await until(`order ${id}`, () => statusOf(id), status, { deadlineMs });
  }

  async function storedEvents(id: string): Promise<Array<{ status: string }>> {
    return (await db.query('SELECT status FROM order_events WHERE order_id = $1 ORDER BY seq', [id])).rows;
  }

  it('decides a cancel racing the worker by one compare-and-set: never cancelled and sent', async () => {
    // With the venues' and the chain's realistic latency an order takes a second or two; each
    // cancel follows its order by 0 to 3.9 s: the first find it pending, the last finished, and
    // those between meet the worker on its way.
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const id = await place({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.05' });
        await new Promise((r) => setTimeout(r, i * 100));
        return { id, answer: await api().post(`/api/orders/${id}/cancel`) };
      }),
    );
    for (const { id, answer } of outcomes) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) await settle(id, 'confirmed', 15_000);
      const statuses = (await storedEvents(id)).map((e) => e.status);
      if (answer.status === 200) {
        // Cancelled: the transaction was never sent.
        expect(statuses).not.toContain('submitted');
        expect(statuses[statuses.length - 1]).toBe('cancelled');
      } else {
        expect(answer.body.code).toBe('ORDER_NOT_CANCELLABLE');
        expect(['submitted', 'confirmed']).toContain(answer.body.status);
        expect(statuses).not.toContain('cancelled');
      }
    }
    // Both sides of the race happened.
    expect(outcomes.filter((o) => o.answer.status === 200).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.answer.status === 409).length).toBeGreaterThan(0);
  });
});

describe('a limit order whose swap cannot fill within its price', () => {
  let engine: RunningEngine;

  beforeAll(async () => {
    // Every swap lands short of its minimum, as when the pool moved between quote and landing.
    engine = await startEngine({ TRIGGER_TICK_MS: String(TICK_MS), SIM_FAULTS: 'SLIPPAGE_EXCEEDED=1' });
  });

  afterAll(() => engine.close());

  it('goes back to waiting after each failed swap (never failed) until it expires', async () => {
    const res = await request(engine.baseUrl)
      .post('/api/orders/execute')
      .send({ type: 'limit', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.5', triggerPrice: '1', expiresIn: 2 })
      .expect(202);
    const { messages, closeCode } = await recordUntilClose(`${engine.wsUrl}/ws/orders/${res.body.orderId}`, 10_000);
    expect(closeCode).toBe(1000);
    const statuses = messages.map((m) => m.status);
    expect(statuses[statuses.length - 1]).toBe('expired');
    expect(statuses).not.toContain('failed');
    expect(statuses).not.toContain('confirmed');
    const again = messages.filter((m) => m.status === 'waiting' && m.waitingAgainBecause);
    expect(again.length).toBeGreaterThan(1);
    for (const w of again) expect(w.waitingAgainBecause).toMatchObject({ code: 'SLIPPAGE_EXCEEDED' });
    // Each trigger re-quotes and builds with the limit's floor: at least 0.5 × 1 USDC.
    for (const b of messages.filter((m) => m.status === 'building')) expect(Number(b.minAmountOut)).toBeGreaterThanOrEqual(0.5);
  });
});
