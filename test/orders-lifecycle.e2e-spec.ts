import request from 'supertest';
import { Client } from 'pg';
import { RunningEngine, startEngine, testDb } from './support/engine';
import { recordUntilClose, upgradeStatus } from './support/ws-client';

/** USDC base units of a decimal string (formatAmount drops trailing zeros, so pad to 6 places). */
const usdcUnits = (text: string) => {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole + fraction.padEnd(6, '0'));
};

const HAPPY_PATH = ['pending', 'routing', 'building', 'submitted', 'confirmed'];

describe('an order, end to end', () => {
  let engine: RunningEngine;
  let db: Client;

  beforeAll(async () => {
    engine = await startEngine();
    db = await testDb();
  });

  afterAll(async () => {
    await db.end();
    await engine.close();
  });

  async function submit(body: Record<string, unknown>): Promise<string> {
    const res = await request(engine.baseUrl).post('/api/orders/execute').send(body).expect(202);
    return res.body.orderId as string;
  }

  it('accepts an order with 202, its id, and a Location header', async () => {
    const res = await request(engine.baseUrl)
      .post('/api/orders/execute')
      .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1.5, slippage: 0.01 })
      .expect(202);
    expect(res.body).toEqual({
      orderId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'pending',
      statusUrl: `/api/orders/${res.body.orderId}`,
      wsUrl: `/ws/orders/${res.body.orderId}`,
    });
    expect(res.headers.location).toBe(`/api/orders/${res.body.orderId}`);
    await recordUntilClose(`${engine.wsUrl}/ws/orders/${res.body.orderId}`);
  });

  it('streams every status in order, then the confirmed swap, then closes', async () => {
    const orderId = await submit({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2' });
    const { messages, closeCode } = await recordUntilClose(`${engine.wsUrl}/ws/orders/${orderId}`);
    expect(messages.map((m) => m.status)).toEqual(HAPPY_PATH);
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(closeCode).toBe(1000);
    for (const m of messages) expect(m).toMatchObject({ orderId, at: expect.any(String) });
    const [, routing, building, submitted, confirmed] = messages;
    expect(routing).toMatchObject({ venue: expect.any(String), reason: expect.any(String), attempt: 1 });
    const candidates = routing.candidates as Array<{ kind: string; route: string }>;
    expect(candidates.filter((c) => c.kind === 'single').map((c) => c.route)).toEqual(['raydium', 'meteora']);
    expect(building.minAmountOut).toMatch(/^\d+(\.\d+)?$/);
    expect(submitted.txHash).toMatch(/^[1-9A-HJ-NP-Za-km-z]{87,88}$/);
    expect(confirmed).toMatchObject({ txHash: submitted.txHash, amountOut: expect.stringMatching(/^\d+\.\d+$/) });
    // SOL at about 150 USDC: 2 SOL buys a few hundred USDC, never less than the guaranteed minimum.
    const out = Number(confirmed.amountOut);
    expect(out).toBeGreaterThan(250);
    expect(out).toBeLessThan(350);
    expect(usdcUnits(confirmed.amountOut as string)).toBeGreaterThanOrEqual(usdcUnits(building.minAmountOut as string));
  });

  it('shows the finished order over HTTP with exact decimal amounts', async () => {
    const orderId = await submit({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.123456789' });
    const { messages } = await recordUntilClose(`${engine.wsUrl}/ws/orders/${orderId}`);
    const res = await request(engine.baseUrl).get(`/api/orders/${orderId}`).expect(200);
    // The route shown is the routing event's summary: its details less the event's own fields.
    const { orderId: _o, seq: _s, status: _st, attempt: _a, at: _at, venue, ...summary } = messages[1];
    expect(res.body.venue).toBe(venue);
    expect(res.body.route).toEqual(summary);
    // A listing reads fewer columns, but shows each order exactly as its own page does.
    const listed = await request(engine.baseUrl).get('/api/orders').query({ status: 'confirmed' }).expect(200);
    expect(listed.body.items.find((o: { id: string }) => o.id === orderId)).toEqual(res.body);
    expect(res.body).toMatchObject({
      id: orderId,
      status: 'confirmed',
      tokenIn: 'SOL',
      tokenOut: 'USDC',
      amountIn: '0.123456789',
      slippage: 0.005,
      attempt: 1,
      txHash: expect.any(String),
      error: null,
    });
    const stored = await db.query('SELECT amount_in::text, status, execution FROM orders WHERE id = $1', [orderId]);
    expect(stored.rows[0]).toMatchObject({ amount_in: '123456789', status: 'confirmed' });
    // The stored transaction (what a rerun settles from) is the one built and then submitted.
    expect(stored.rows[0].execution).toMatchObject({
      attempt: 1,
      built: { blockhash: messages[2].blockhash, steps: messages[2].steps },
      submitted: { signature: messages[3].txHash, submitSlot: messages[3].slot },
    });
  });

  it('replays the whole history to a client that connects after the order finished', async () => {
    const orderId = await submit({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn: 100 });
    await recordUntilClose(`${engine.wsUrl}/ws/orders/${orderId}`);
    const late = await recordUntilClose(`${engine.wsUrl}/ws/orders/${orderId}`);
    expect(late.messages.map((m) => m.status)).toEqual(HAPPY_PATH);
    expect(late.closeCode).toBe(1000);
  });

  it('serves several clients of one order, each the full stream once', async () => {
    const orderId = await submit({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 3 });
    const url = `${engine.wsUrl}/ws/orders/${orderId}`;
    const transcripts = await Promise.all([recordUntilClose(url), recordUntilClose(url), recordUntilClose(url)]);
    for (const t of transcripts) expect(t.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stores each event once, numbered from 1 without gaps, with one terminal event', async () => {
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => submit({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: i + 1 })),
    );
    await Promise.all(ids.map((id) => recordUntilClose(`${engine.wsUrl}/ws/orders/${id}`)));
    const { rows } = await db.query(
      `SELECT order_id, array_agg(seq ORDER BY seq) AS seqs,
              count(*) FILTER (WHERE status IN ('confirmed','failed'))::int AS terminal
         FROM order_events WHERE order_id = ANY($1) GROUP BY order_id`,
      [ids],
    );
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      expect(row.seqs).toEqual([1, 2, 3, 4, 5]);
      expect(row.terminal).toBe(1);
    }
  });

  it('tells a client of an unknown order so, and closes with 4404', async () => {
    const { messages, closeCode } = await recordUntilClose(
      `${engine.wsUrl}/ws/orders/00000000-0000-7000-8000-000000000000`,
    );
    expect(messages).toEqual([
      { orderId: '00000000-0000-7000-8000-000000000000', code: 'ORDER_NOT_FOUND', error: expect.any(String) },
    ]);
    expect(closeCode).toBe(4404);
  });

  it('closes with 4400 when the order id is not a UUID', async () => {
    const { messages, closeCode } = await recordUntilClose(`${engine.wsUrl}/ws/orders/not-an-id`);
    expect(messages[0]).toMatchObject({ code: 'INVALID_ORDER_ID' });
    expect(closeCode).toBe(4400);
  });

  it('serves the same stream on the path the order was posted to: GET /api/orders/execute?orderId=<id>', async () => {
    // As clients written for the original brief open it: one URL for the POST and the upgrade.
    const orderId = await submit({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 });
    const aliased = await recordUntilClose(`${engine.wsUrl}/api/orders/execute?orderId=${orderId}`);
    const direct = await recordUntilClose(`${engine.wsUrl}/ws/orders/${orderId}`);
    expect(aliased.messages.map((m) => m.status)).toEqual(HAPPY_PATH);
    expect(aliased).toEqual(direct);
    const missing = await recordUntilClose(`${engine.wsUrl}/api/orders/execute`);
    expect(missing).toMatchObject({ closeCode: 4400, messages: [expect.objectContaining({ code: 'INVALID_ORDER_ID' })] });
    // Without an upgrade: told to upgrade.
    const plain = await request(engine.baseUrl).get(`/api/orders/execute?orderId=${orderId}`).expect(426);
    expect(plain.headers.upgrade).toBe('websocket');
    expect(plain.body).toMatchObject({ code: 'UPGRADE_REQUIRED' });
  });

  it('refuses WebSocket upgrades on any other path with 404', async () => {
    expect(await upgradeStatus(`${engine.wsUrl}/ws/elsewhere`)).toBe(404);
    expect(await upgradeStatus(`${engine.wsUrl}/ws/orders/a/b`)).toBe(404);
  });

  it('answers /health with ok when Postgres and Redis answer', async () => {
    const res = await request(engine.baseUrl).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
  });
});
