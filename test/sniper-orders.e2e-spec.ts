import request from 'supertest';
import { Client } from 'pg';
import { RunningEngine, startEngine, testDb } from './support/engine';
import { until } from './support/wait';
import { recordUntilClose } from './support/ws-client';

/**
 * Sniper orders on a launch scheduled for the test (POST /api/sim/launches): they wait for the
 * launch's first slot, then fill one after another along its bonding curve, the higher priority
 * fee first.
 */
describe('sniper orders', () => {
  let engine: RunningEngine;
  let db: Client;

  beforeAll(async () => {
    engine = await startEngine({ SIM_LAUNCHES_API: 'true', TRIGGER_TICK_MS: '100' });
    db = await testDb();
  });

  afterAll(async () => {
    await db.end();
    await engine.close();
  });

  const api = () => request(engine.baseUrl);

  async function launchIn(seconds: number): Promise<{ mint: string; symbol: string; launchAt: string; launchSlot: number }> {
    return (await api().post('/api/sim/launches').send({ inSeconds: seconds }).expect(201)).body;
  }

  async function place(body: Record<string, unknown>): Promise<string> {
    const res = await api().post('/api/orders/execute').send(body);
    if (res.status !== 202) throw new Error(`placing ${JSON.stringify(body)} answered ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.orderId as string;
  }

  it('waits for the launch, then fills the snipers in the first slot along the curve, the highest fee first', async () => {
    const launch = await launchIn(2);
    // Placed in arrival order cheap, dear, middle: the queue is by priority fee, not by arrival.
    const cheap = await place({ type: 'sniper', tokenIn: 'SOL', tokenOut: launch.mint, amountIn: '1', slippage: 0.05, priorityFee: 0 });
    const dear = await place({ type: 'sniper', tokenIn: 'SOL', tokenOut: launch.symbol, amountIn: '1', slippage: 0.05, priorityFee: 900_000 });
    const middle = await place({ type: 'sniper', tokenIn: 'SOL', tokenOut: launch.mint, amountIn: '1', slippage: 0.05, priorityFee: 100_000 });
    const streams = await Promise.all([dear, middle, cheap].map((id) => recordUntilClose(`${engine.wsUrl}/ws/orders/${id}`, 20_000)));
    const out: number[] = [];
    for (const { messages, closeCode } of streams) {
      expect(closeCode).toBe(1000);
      expect(messages.map((m) => m.status)).toEqual(['pending', 'waiting', 'routing', 'building', 'submitted', 'confirmed']);
      const [, waiting, routing, , , confirmed] = messages;
      expect(waiting).toMatchObject({ type: 'sniper', launch: { symbol: launch.symbol, mint: launch.mint, launchAt: launch.launchAt, launchSlot: launch.launchSlot } });
      // Routed in the launch's first slot or just after it, never before.
      expect(Date.parse(routing.at as string)).toBeGreaterThanOrEqual(Date.parse(launch.launchAt));
      expect(routing.venue).toMatch(/launchpad/);
      out.push(Number(confirmed.amountOut));
    }
    // The same SOL buys fewer tokens the further back in the queue.
    expect(out[0]).toBeGreaterThan(out[1]);
    expect(out[1]).toBeGreaterThan(out[2]);
    const { rows } = await db.query(
      `SELECT id, launch_sol_before::text AS before FROM orders WHERE id = ANY($1::uuid[])`,
      [[dear, middle, cheap]],
    );
    const before = new Map(rows.map((r) => [r.id, r.before]));
    expect([before.get(dear), before.get(middle), before.get(cheap)]).toEqual(['0', '1000000000', '2000000000']);
  });

  it('fails a sniper whose fill would cost more than its maxPrice, sending nothing', async () => {
    const launch = await launchIn(1);
    // A fresh curve sells at about 2.8e-8 SOL per token: a maxPrice of 1e-9 cannot be met.
    const id = await place({ type: 'sniper', tokenIn: 'SOL', tokenOut: launch.mint, amountIn: '0.5', maxPrice: '0.000000001' });
    const { messages } = await recordUntilClose(`${engine.wsUrl}/ws/orders/${id}`, 20_000);
    expect(messages.map((m) => m.status)).toEqual(['pending', 'waiting', 'failed']);
    expect(messages[2]).toMatchObject({ code: 'MAX_PRICE_EXCEEDED', retryable: false });
  });

  it('validates a sniper: SOL in, a token announced and not yet trading', async () => {
    const launch = await launchIn(30);
    const refuse = async (body: Record<string, unknown>, field: string, rule: string) => {
      const res = await api().post('/api/orders/execute').send(body).expect(400);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
    };
    await refuse({ type: 'sniper', tokenIn: 'USDC', tokenOut: launch.mint, amountIn: '10' }, 'tokenIn', 'sniperPaysSol');
    await refuse({ type: 'sniper', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' }, 'tokenOut', 'announcedLaunch');
    await refuse({ type: 'sniper', tokenIn: 'SOL', tokenOut: launch.mint, amountIn: '1', triggerPrice: '1' }, 'triggerPrice', 'notForType');
    await refuse({ type: 'limit', tokenIn: 'SOL', tokenOut: launch.mint, amountIn: '1', triggerPrice: '1', maxPrice: '1' }, 'maxPrice', 'notForType');
    // Cancelled before its launch: nothing is bought.
    const id = await place({ type: 'sniper', tokenIn: 'SOL', tokenOut: launch.mint, amountIn: '1' });
    await api().post(`/api/orders/${id}/cancel`).expect(200);
  });

  it('refuses a sniper on a token that already trades', async () => {
    const launch = await launchIn(1);
    await until(
      'the launch trades',
      async () => (await api().get('/api/launches').expect(200)).body.items.find((l: { mint: string }) => l.mint === launch.mint)?.state,
      'trading',
    );
    const res = await api().post('/api/orders/execute').send({ type: 'sniper', tokenIn: 'SOL', tokenOut: launch.mint, amountIn: '1' }).expect(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'tokenOut', rule: 'announcedLaunch', message: expect.stringContaining('trades already') }));
  });
});
