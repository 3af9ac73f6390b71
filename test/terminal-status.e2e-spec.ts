import fc from 'fast-check';
import request from 'supertest';
import { Client } from 'pg';
import { canTransition, OrderStatus, TERMINAL_STATUSES } from '@app/orders';
import { RunningEngine, startEngine, testDb } from './support/engine';
import { until } from './support/wait';

interface PlannedOrder {
  body: Record<string, unknown>;
  /** Cancel it this many ms after placing it (alone or with the others, in one bulk cancel), or never. */
  cancelAfterMs: number | null;
  bulk: boolean;
}

const side = fc.constantFrom(
  { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.2' },
  { tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '25' },
  { tokenIn: 'BONK', tokenOut: 'USDT', amountIn: '2000000' },
);
// Triggers met at once, out of reach, or near; every trigger order expires within 3 s at most.
const order: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  side,
  fc.record({ type: fc.constant('limit'), triggerPrice: fc.constantFrom('0.000001', '1000000000'), expiresIn: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ type: fc.constant('stop'), triggerPrice: fc.constantFrom('0.000000001'), expiresIn: fc.integer({ min: 1, max: 3 }) }),
).chain((terms) => side.map((s) => ({ ...s, ...terms })));
const plan: fc.Arbitrary<PlannedOrder[]> = fc.array(
  fc.record({
    body: order,
    cancelAfterMs: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: null }),
    bulk: fc.boolean(),
  }),
  { minLength: 30, maxLength: 30 },
);

/**
 * Every order reaches exactly one terminal status, whatever happens to it: market, limit and stop
 * orders, triggers met at once or never, expiries, cancels alone or in bulk at any moment, and
 * injected faults (failed swaps, timed-out sends, expired blockhashes) with retries. Its events
 * follow the legal path without gaps, and the last is its status.
 */
describe('every order reaches exactly one terminal status', () => {
  let engine: RunningEngine;
  let db: Client;

  beforeAll(async () => {
    engine = await startEngine({
      TRIGGER_TICK_MS: '100',
      SIM_FAULTS: 'SLIPPAGE_EXCEEDED=0.3,RPC_TIMEOUT=0.1,BLOCKHASH_EXPIRED=0.2',
      ORDER_ATTEMPTS: '2',
    });
    db = await testDb();
  });

  afterAll(async () => {
    await db.end();
    await engine.close();
  });

  const api = () => request(engine.baseUrl);
  const endings = new Set<string>();

  async function run(orders: PlannedOrder[]): Promise<void> {
    const ids = await Promise.all(
      orders.map(async ({ body }) => (await api().post('/api/orders/execute').send(body).expect(202)).body.orderId as string),
    );
    const bulkIds = ids.filter((_, i) => orders[i].bulk && orders[i].cancelAfterMs !== null);
    await Promise.all([
      ...orders.map(async ({ cancelAfterMs, bulk }, i) => {
        if (cancelAfterMs === null || bulk) return;
        await new Promise((r) => setTimeout(r, cancelAfterMs));
        const res = await api().post(`/api/orders/${ids[i]}/cancel`);
        expect([200, 409]).toContain(res.status);
      }),
      (async () => {
        await new Promise((r) => setTimeout(r, 700));
        const res = await api().post('/api/orders/cancel').send({ ids: bulkIds }).expect(200);
        expect(res.body.cancelled.length + res.body.notCancellable.length).toBe(bulkIds.length);
      })(),
    ]);
    const open = async () =>
      Number((await db.query(`SELECT count(*) FROM orders WHERE id = ANY($1::uuid[]) AND NOT (status = ANY($2))`, [ids, TERMINAL_STATUSES])).rows[0].count);
    await until('every order terminal', open, 0, { deadlineMs: 60_000, everyMs: 200 });
    const { rows } = await db.query(
      `SELECT o.id, o.status, o.last_seq, array_agg(e.status ORDER BY e.seq) AS statuses, array_agg(e.seq ORDER BY e.seq) AS seqs
         FROM orders o JOIN order_events e ON e.order_id = o.id WHERE o.id = ANY($1::uuid[]) GROUP BY o.id`,
      [ids],
    );
    expect(rows).toHaveLength(ids.length);
    for (const row of rows) {
      endings.add(row.status);
      const statuses = row.statuses as OrderStatus[];
      expect(statuses.filter((s) => TERMINAL_STATUSES.includes(s))).toEqual([row.status]);
      expect(statuses[statuses.length - 1]).toBe(row.status);
      expect(row.seqs).toEqual(statuses.map((_, i) => i + 1));
      expect(row.last_seq).toBe(statuses.length);
      for (let i = 1; i < statuses.length; i++) expect([statuses[i - 1], statuses[i], canTransition(statuses[i - 1], statuses[i])]).toEqual([statuses[i - 1], statuses[i], true]);
    }
  }

  it('for any mix of order types, cancels, expiries and faults', async () => {
    await fc.assert(fc.asyncProperty(plan, run), { numRuns: 3, seed: 20261202, endOnFailure: true });
    // Every ending was reached.
    expect([...endings].sort()).toEqual(['cancelled', 'confirmed', 'expired', 'failed']);
  });
});
