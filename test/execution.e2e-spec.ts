import { ExecutionService } from '@app/execution';
import { IllegalTransitionError, OrdersService, OrderTransitions } from '@app/orders';
import { useWorkerContext } from './support/worker-context';
import { PUBLIC_OWNER } from './support/accounts';

/**
 * BullMQ delivers at least once: the same attempt can run twice (a stalled lock, a crash). The
 * stored status decides, so the order still takes each step once and ends in one terminal state.
 */
describe('execution run twice', () => {
  const f = useWorkerContext();

  it('executes an order once when two runs of the same attempt race', async () => {
    const { orderId } = await f.context.get(OrdersService).create(PUBLIC_OWNER, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 4 });
    const execution = f.context.get(ExecutionService);
    await Promise.all([execution.execute(orderId, 1, false), execution.execute(orderId, 1, false)]);
    // A third, late run finds the order finished and does nothing.
    await execution.execute(orderId, 1, false);

    const { rows } = await f.db.query('SELECT seq, status FROM order_events WHERE order_id = $1 ORDER BY seq', [
      orderId,
    ]);
    // A run that arrives after the other one's `routing` sees a started attempt and may route it
    // again (it cannot tell a live run from a crashed one); from then on only one run can move.
    const statuses = rows.map((r) => r.status).filter((s, i, all) => s !== 'routing' || all[i - 1] !== 'routing');
    expect(statuses).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  });

  it('refuses a step from a run whose view of the order is stale, even when the status allows it', async () => {
    const { orderId } = await f.context.get(OrdersService).create(PUBLIC_OWNER, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 });
    const transitions = f.context.get(OrderTransitions);
    const first = await transitions.transition(orderId, { from: 'pending', to: 'routing', attempt: 1, expectedSeq: 1 });
    expect(first.seq).toBe(2);
    // A second run that also read seq 1: routing → routing (a retry) is legal, but it is too late.
    await expect(
      transitions.transition(orderId, { from: ['pending', 'routing'], to: 'routing', attempt: 1, expectedSeq: 1 }),
    ).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(transitions.transition(orderId, { from: 'routing', to: 'confirmed' })).rejects.toBeInstanceOf(
      IllegalTransitionError,
    );
    const { rows } = await f.db.query('SELECT count(*)::int AS n FROM order_events WHERE order_id = $1', [orderId]);
    expect(rows[0].n).toBe(2);
    await transitions.transition(orderId, { from: 'routing', to: 'failed', details: { code: 'TEST' } });
  });

  it('refuses a second terminal event in the database itself', async () => {
    const { orderId } = await f.context.get(OrdersService).create(PUBLIC_OWNER, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 });
    await f.context.get(OrderTransitions).transition(orderId, { from: 'pending', to: 'failed' });
    await expect(
      f.db.query(
        `INSERT INTO order_events (order_id, seq, status, attempt, details, created_at)
         VALUES ($1, 3, 'confirmed', 1, '{}', now())`,
        [orderId],
      ),
    ).rejects.toThrow(/order_events_one_terminal_idx/);
  });

  it('ignores a job whose order no longer exists', async () => {
    await expect(
      f.context.get(ExecutionService).execute('00000000-0000-7000-8000-000000000001', 1, true),
    ).resolves.toBeUndefined();
  });
});
