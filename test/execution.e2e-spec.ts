import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { ExecutionService } from '@app/execution';
import { IllegalTransitionError, OrdersService, OrderTransitions } from '@app/orders';
import { testDb } from './support/engine';
import { startWorkerContext } from './support/worker-context';

/**
 * BullMQ delivers at least once: the same attempt can run twice (a stalled lock, a crash). The
 * stored status decides, so the order still takes each step once and ends in one terminal state.
 */
describe('execution run twice', () => {
  let context: INestApplicationContext;
  let db: Client;

  beforeAll(async () => {
    context = await startWorkerContext();
    db = await testDb();
  });

  afterAll(async () => {
    await db.end();
    await context.close();
  });

  it('executes an order once when two runs of the same attempt race', async () => {
    const { orderId } = await context.get(OrdersService).create({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 4 });
    const execution = context.get(ExecutionService);
    await Promise.all([execution.execute(orderId, 1, false), execution.execute(orderId, 1, false)]);
    // A third, late run finds the order finished and does nothing.
    await execution.execute(orderId, 1, false);

    const { rows } = await db.query('SELECT seq, status FROM order_events WHERE order_id = $1 ORDER BY seq', [
      orderId,
    ]);
    // A run that arrives after the other one's `routing` sees a started attempt and may route it
    // again (it cannot tell a live run from a crashed one); from then on only one run can move.
    const statuses = rows.map((r) => r.status).filter((s, i, all) => s !== 'routing' || all[i - 1] !== 'routing');
    expect(statuses).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  });

  it('refuses a step from a run whose view of the order is stale, even when the status allows it', async () => {
    const { orderId } = await context.get(OrdersService).create({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 });
    const transitions = context.get(OrderTransitions);
    const first = await transitions.transition(orderId, { from: 'pending', to: 'routing', attempt: 1, expectedSeq: 1 });
    expect(first.seq).toBe(2);
    // A second run that also read seq 1: routing → routing (a retry) is legal, but it is too late.
    await expect(
      transitions.transition(orderId, { from: ['pending', 'routing'], to: 'routing', attempt: 1, expectedSeq: 1 }),
    ).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(transitions.transition(orderId, { from: 'routing', to: 'confirmed' })).rejects.toBeInstanceOf(
      IllegalTransitionError,
    );
    const { rows } = await db.query('SELECT count(*)::int AS n FROM order_events WHERE order_id = $1', [orderId]);
    expect(rows[0].n).toBe(2);
    await transitions.transition(orderId, { from: 'routing', to: 'failed', details: { code: 'TEST' } });
  });

  it('refuses a second terminal event in the database itself', async () => {
    const { orderId } = await context.get(OrdersService).create({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 });
    await context.get(OrderTransitions).transition(orderId, { from: 'pending', to: 'failed' });
    await expect(
      db.query(
        `INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
         VALUES ($1, 3, 'confirmed', 1, '{}', now())`,
        [orderId],
      ),
    ).rejects.toThrow(/order_events_one_terminal_idx/);
  });

  it('ignores a job whose order no longer exists', async () => {
    await expect(
      context.get(ExecutionService).execute('00000000-0000-7000-8000-000000000001', 1, true),
    ).resolves.toBeUndefined();
  });

  describe('grouped writes (steps and orders issued at the same moment share one statement)', () => {
    const sol = (amountIn: number) => ({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn });

    it('moves each order of a group on its own condition', async () => {
      const orders = context.get(OrdersService);
      const ids = (await Promise.all([1, 2, 3, 4].map((a) => orders.create(sol(a))))).map((c) => c.orderId);
      const transitions = context.get(OrderTransitions);
      const results = await Promise.allSettled([
        transitions.transition(ids[0], { from: 'pending', to: 'routing', attempt: 1, expectedSeq: 1 }),
        // Stale: this order is at seq 1, not 5.
        transitions.transition(ids[1], { from: 'pending', to: 'routing', attempt: 1, expectedSeq: 5 }),
        // Wrong status: this order is pending, not routing.
        transitions.transition(ids[2], { from: 'routing', to: 'building' }),
        transitions.transition(ids[3], { from: 'pending', to: 'failed', details: { code: 'TEST' } }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(IllegalTransitionError);
      expect((results[2] as PromiseRejectedResult).reason.message).toMatch(/pending/);
      const { rows } = await db.query(
        'SELECT id, status, last_seq FROM orders WHERE id = ANY($1::uuid[]) ORDER BY number',
        [ids],
      );
      expect(rows.map((r) => [r.status, r.last_seq])).toEqual([
        ['routing', 2],
        ['pending', 1],
        ['pending', 1],
        ['failed', 2],
      ]);
      await Promise.all(ids.slice(0, 3).map((id) => transitions.transition(id, { from: ['pending', 'routing'], to: 'failed' })));
    });

    it('lets only one of two identical steps of one order in one group through', async () => {
      const { orderId } = await context.get(OrdersService).create(sol(1));
      const transitions = context.get(OrderTransitions);
      const step = { from: 'pending' as const, to: 'routing' as const, attempt: 1, expectedSeq: 1 };
      const results = await Promise.allSettled([
        transitions.transition(orderId, step),
        transitions.transition(orderId, step),
        transitions.transition(orderId, step),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const { rows } = await db.query('SELECT seq, status FROM order_events WHERE order_id = $1 ORDER BY seq', [orderId]);
      expect(rows).toEqual([
        { seq: 1, status: 'pending' },
        { seq: 2, status: 'routing' },
      ]);
      await transitions.transition(orderId, { from: 'routing', to: 'failed' });
    });

    it('writes exactly what each step sets: exact amounts, JSON, and null to clear', async () => {
      const { orderId } = await context.get(OrdersService).create(sol(1));
      const transitions = context.get(OrderTransitions);
      const huge = 123456789012345678901234567890n;
      await transitions.transition(orderId, {
        from: 'pending',
        to: 'routing',
        attempt: 1,
        set: { venue: 'raydium', route: { legs: [1, 2] }, error: 'earlier', errorCode: 'E' },
      });
      await transitions.transition(orderId, {
        from: 'routing',
        to: 'building',
        set: { minAmountOut: huge, error: null, errorCode: null, route: null },
      });
      const { rows } = await db.query(
        'SELECT venue, route, min_amount_out::text AS min, error, error_code, attempt FROM orders WHERE id = $1',
        [orderId],
      );
      expect(rows[0]).toEqual({ venue: 'raydium', route: null, min: huge.toString(), error: null, error_code: null, attempt: 1 });
      await transitions.transition(orderId, { from: 'building', to: 'failed' });
    });

    it('fills a JSON column from the event details, and merges keys into one, in the same group', async () => {
      const transitions = context.get(OrderTransitions);
      const [a, b] = await Promise.all([sol(1), sol(2)].map((dto) => context.get(OrdersService).create(dto)));
      const summary = { outAmount: '245.1', legs: [{ venue: 'meteora', shareBps: 10000 }] };
      await Promise.all([
        transitions.transition(a.orderId, {
          from: 'pending',
          to: 'routing',
          attempt: 1,
          storeDetailsIn: { route: { except: ['venue', 'retryOf'] } },
          details: { venue: 'meteora', ...summary, retryOf: { code: 'E' } },
        }),
        transitions.transition(b.orderId, {
          from: 'pending',
          to: 'routing',
          attempt: 1,
          set: { execution: { attempt: 1, built: { blockhash: 'h' }, submitted: null } },
        }),
      ]);
      await Promise.all([
        transitions.transition(a.orderId, { from: 'routing', to: 'building', mergeIntoJson: { execution: { submitted: 1 } } }),
        transitions.transition(b.orderId, {
          from: 'routing',
          to: 'building',
          mergeIntoJson: { execution: { submitted: { signature: 's', submitSlot: 7 } } },
        }),
      ]);
      const { rows } = await db.query('SELECT id, route, execution FROM orders WHERE id = ANY($1::uuid[])', [
        [a.orderId, b.orderId],
      ]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      // From details: the summary exactly, without the keys named; merged into null: the object.
      expect(byId.get(a.orderId)).toMatchObject({ route: summary, execution: { submitted: 1 } });
      // Merged: the stored keys kept, the new key replacing its null.
      expect(byId.get(b.orderId)).toMatchObject({
        route: null,
        execution: { attempt: 1, built: { blockhash: 'h' }, submitted: { signature: 's', submitSlot: 7 } },
      });
      // The event carries its full details, the extra keys included.
      const events = await db.query(`SELECT details FROM order_events WHERE order_id = $1 AND status = 'routing'`, [
        a.orderId,
      ]);
      expect(events.rows[0].details).toEqual({ venue: 'meteora', ...summary, retryOf: { code: 'E' } });
      await Promise.all([a, b].map((o) => transitions.transition(o.orderId, { from: 'building', to: 'failed' })));
    });

    it('keeps execution out of line (status changes copy a pointer) and route inline (listings show it)', async () => {
      const { rows } = await db.query(
        `SELECT attname, attstorage FROM pg_attribute
         WHERE attrelid = 'orders'::regclass AND attname IN ('route', 'execution') ORDER BY attname`,
      );
      expect(rows).toEqual([
        { attname: 'execution', attstorage: 'e' },
        { attname: 'route', attstorage: 'x' },
      ]);
    });

    it('accepts a burst of orders, each stored once with its job and its first event', async () => {
      const orders = context.get(OrdersService);
      const created = await Promise.all(Array.from({ length: 60 }, (_, i) => orders.create(sol(i + 1))));
      const ids = created.map((c) => c.orderId);
      expect(new Set(ids).size).toBe(60);
      const { rows } = await db.query(
        `SELECT o.amount_in::text AS amount, count(e.*)::int AS events
         FROM orders o JOIN order_events e ON e.order_id = o.id
         WHERE o.id = ANY($1::uuid[]) GROUP BY o.id, o.amount_in ORDER BY o.amount_in`,
        [ids],
      );
      expect(rows.map((r) => r.amount)).toEqual(Array.from({ length: 60 }, (_, i) => String((i + 1) * 1e9)));
      expect(rows.every((r) => r.events === 1)).toBe(true);
      await Promise.all(ids.map((id) => context.get(OrderTransitions).transition(id, { from: 'pending', to: 'failed' })));
    });

    it('gives one order to a burst of requests with one Idempotency-Key', async () => {
      const orders = context.get(OrdersService);
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => orders.create(sol(7), 'burst-key-1')));
      const created = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ orderId: string }>).value);
      // The first is stored; the others either replay it or hear that it is still being stored (409).
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((c) => c.orderId)).size).toBe(1);
      const { rows } = await db.query("SELECT count(*)::int AS n FROM orders WHERE idempotency_key = 'burst-key-1'");
      expect(rows[0].n).toBe(1);
      await context.get(OrderTransitions).transition(created[0].orderId, { from: 'pending', to: 'failed' });
    });
  });
});
