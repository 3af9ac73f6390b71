import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CANCELLABLE_STATUSES, IllegalTransitionError, Order, OrderEvent, OrdersService, OrderTransitions } from '@app/orders';
import { useWorkerContext } from './support/worker-context';
import { PUBLIC_OWNER } from './support/accounts';

/**
 * The repositories that own the orders tables: what they store, and how statements issued at the
 * same moment (concurrent steps of a worker's jobs, a burst of accepted orders) share one
 * statement while each order still moves on its own conditions. Driven through the services that
 * call them, as the engine does.
 */
describe('OrdersRepository and OrderTransitionsRepository', () => {
  const f = useWorkerContext();

  it.each([
    ['orders', Order],
    ['order_events', OrderEvent],
  ])('the %s entity describes every column of its table, and no other', async (table, entity) => {
    const metadata = f.context.get<DataSource>(getDataSourceToken()).getMetadata(entity);
    const described = metadata.columns.map((c) => c.databaseName).sort();
    const { rows } = await f.db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
      [table],
    );
    expect(described).toEqual(rows.map((r) => r.column_name).sort());
  });

  describe('grouped writes (steps and orders issued at the same moment share one statement)', () => {
    const sol = (amountIn: number) => ({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn });

    it('moves each order of a group on its own condition', async () => {
      const orders = f.context.get(OrdersService);
      const ids = (await Promise.all([1, 2, 3, 4].map((a) => orders.create(PUBLIC_OWNER, sol(a))))).map((c) => c.orderId);
      const transitions = f.context.get(OrderTransitions);
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
      const { rows } = await f.db.query(
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
      const { orderId } = await f.context.get(OrdersService).create(PUBLIC_OWNER, sol(1));
      const transitions = f.context.get(OrderTransitions);
      const step = { from: 'pending' as const, to: 'routing' as const, attempt: 1, expectedSeq: 1 };
      const results = await Promise.allSettled([
        transitions.transition(orderId, step),
        transitions.transition(orderId, step),
        transitions.transition(orderId, step),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const { rows } = await f.db.query('SELECT seq, status FROM order_events WHERE order_id = $1 ORDER BY seq', [orderId]);
      expect(rows).toEqual([
        { seq: 1, status: 'pending' },
        { seq: 2, status: 'routing' },
      ]);
      await transitions.transition(orderId, { from: 'routing', to: 'failed' });
    });

    it('runs again a move refused only because another move of its order shared the statement', async () => {
      // A worker's step and a cancel of one order at the same moment: the step moves it, and the
      // cancel, which accepts the new status too, must not be refused for having been grouped with it.
      const { orderId } = await f.context.get(OrdersService).create(PUBLIC_OWNER, sol(1));
      const transitions = f.context.get(OrderTransitions);
      const [step, cancel] = await Promise.allSettled([
        transitions.transition(orderId, { from: 'pending', to: 'routing', attempt: 1, expectedSeq: 1 }),
        transitions.transition(orderId, { from: CANCELLABLE_STATUSES, to: 'cancelled' }),
      ]);
      expect(cancel.status).toBe('fulfilled');
      const { rows } = await f.db.query('SELECT seq, status FROM order_events WHERE order_id = $1 ORDER BY seq', [orderId]);
      const statuses = rows.map((r) => r.status);
      // Either the step went first and the cancel after it, or the cancel first and the step was refused.
      if (step.status === 'fulfilled') expect(statuses).toEqual(['pending', 'routing', 'cancelled']);
      else expect(statuses).toEqual(['pending', 'cancelled']);
    });

    it('writes exactly what each step sets: exact amounts, JSON, and null to clear', async () => {
      const { orderId } = await f.context.get(OrdersService).create(PUBLIC_OWNER, sol(1));
      const transitions = f.context.get(OrderTransitions);
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
      const { rows } = await f.db.query(
        'SELECT venue, route, min_amount_out::text AS min, error, error_code, attempt FROM orders WHERE id = $1',
        [orderId],
      );
      expect(rows[0]).toEqual({ venue: 'raydium', route: null, min: huge.toString(), error: null, error_code: null, attempt: 1 });
      await transitions.transition(orderId, { from: 'building', to: 'failed' });
    });

    it('fills a JSON column from the event details, and merges keys into one, in the same group', async () => {
      const transitions = f.context.get(OrderTransitions);
      const [a, b] = await Promise.all([sol(1), sol(2)].map((dto) => f.context.get(OrdersService).create(PUBLIC_OWNER, dto)));
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
      const { rows } = await f.db.query('SELECT id, route, execution FROM orders WHERE id = ANY($1::uuid[])', [
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
      const events = await f.db.query(`SELECT details FROM order_events WHERE order_id = $1 AND status = 'routing'`, [
        a.orderId,
      ]);
      expect(events.rows[0].details).toEqual({ venue: 'meteora', ...summary, retryOf: { code: 'E' } });
      await Promise.all([a, b].map((o) => transitions.transition(o.orderId, { from: 'building', to: 'failed' })));
    });

    it('keeps execution out of line (status changes copy a pointer) and route inline (listings show it)', async () => {
      const { rows } = await f.db.query(
        `SELECT attname, attstorage FROM pg_attribute
         WHERE attrelid = 'orders'::regclass AND attname IN ('route', 'execution') ORDER BY attname`,
      );
      expect(rows).toEqual([
        { attname: 'execution', attstorage: 'e' },
        { attname: 'route', attstorage: 'x' },
      ]);
    });

    it('accepts a burst of orders, each stored once with its job and its first event', async () => {
      const orders = f.context.get(OrdersService);
      const created = await Promise.all(Array.from({ length: 60 }, (_, i) => orders.create(PUBLIC_OWNER, sol(i + 1))));
      const ids = created.map((c) => c.orderId);
      expect(new Set(ids).size).toBe(60);
      const { rows } = await f.db.query(
        `SELECT o.amount_in::text AS amount, count(e.*)::int AS events
         FROM orders o JOIN order_events e ON e.order_id = o.id
         WHERE o.id = ANY($1::uuid[]) GROUP BY o.id, o.amount_in ORDER BY o.amount_in`,
        [ids],
      );
      expect(rows.map((r) => r.amount)).toEqual(Array.from({ length: 60 }, (_, i) => String((i + 1) * 1e9)));
      expect(rows.every((r) => r.events === 1)).toBe(true);
      await Promise.all(ids.map((id) => f.context.get(OrderTransitions).transition(id, { from: 'pending', to: 'failed' })));
    });

    it('gives one order to a burst of requests with one Idempotency-Key', async () => {
      const orders = f.context.get(OrdersService);
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => orders.create(PUBLIC_OWNER, sol(7), 'burst-key-1')));
      const created = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ orderId: string }>).value);
      // The first is stored; the others either replay it or hear that it is still being stored (409).
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((c) => c.orderId)).size).toBe(1);
      const { rows } = await f.db.query("SELECT count(*)::int AS n FROM orders WHERE idempotency_key = 'burst-key-1'");
      expect(rows[0].n).toBe(1);
      await f.context.get(OrderTransitions).transition(created[0].orderId, { from: 'pending', to: 'failed' });
    });
  });
});
