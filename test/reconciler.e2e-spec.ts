import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { MAX_RECOVERIES, OrderReconciler, ORDERS_QUEUE } from '@app/execution';
import { OrdersService } from '@app/orders';
import { testDb } from './support/engine';
import { startWorkerContext } from './support/worker-context';
import { PUBLIC_OWNER } from './support/accounts';
import { until } from './support/wait';

/** Orders whose job was lost are found and enqueued again, or failed with a reason. */
describe('the reconciler', () => {
  let context: INestApplicationContext;
  let db: Client;
  let queue: Queue;
  let reconciler: OrderReconciler;

  beforeAll(async () => {
    context = await startWorkerContext({ RECONCILE_AFTER_MS: '1000', RECONCILE_INTERVAL_MS: '3600000' });
    db = await testDb();
    queue = context.get(getQueueToken(ORDERS_QUEUE));
    reconciler = context.get(OrderReconciler);
  });

  afterAll(async () => {
    await db.end();
    await context.close();
  });

  /** A stored order whose job is gone, last changed an hour ago. */
  async function strandedOrder(set = ''): Promise<string> {
    const { orderId } = await context.get(OrdersService).create(PUBLIC_OWNER, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 });
    // The job is enqueued after the order is accepted: wait for it, then lose it.
    await until('the job of the new order', async () => (await queue.getJob(orderId)) !== undefined, true);
    await queue.remove(orderId);
    await db.query(`UPDATE orders SET updated_at = now() - interval '1 hour' ${set} WHERE id = $1`, [orderId]);
    return orderId;
  }

  it('enqueues again an order whose job was lost, once, even with two reconcilers at work', async () => {
    const orderId = await strandedOrder();
    const [a, b] = await Promise.all([reconciler.reconcile(), reconciler.reconcile()]);
    expect([...a.requeued, ...b.requeued].filter((id) => id === orderId)).toHaveLength(1);
    const job = await queue.getJob(orderId);
    expect(await job?.getState()).toBe('waiting');
    expect(job?.data).toEqual({ orderId, attemptsBefore: 0 });
    const { rows } = await db.query('SELECT recoveries, status FROM orders WHERE id = $1', [orderId]);
    expect(rows[0]).toEqual({ recoveries: 1, status: 'pending' });
  });

  it('continues the attempt count of an order lost mid-attempt', async () => {
    const orderId = await strandedOrder(`, status = 'routing', attempt = 2`);
    await reconciler.reconcile();
    const job = await queue.getJob(orderId);
    expect(job?.data).toEqual({ orderId, attemptsBefore: 1 });
    expect(job?.opts.attempts).toBe(2);
  });

  it('leaves alone an order whose job is still queued', async () => {
    const { orderId } = await context.get(OrdersService).create(PUBLIC_OWNER, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 2 });
    await db.query(`UPDATE orders SET updated_at = now() - interval '1 hour' WHERE id = $1`, [orderId]);
    const report = await reconciler.reconcile();
    expect(report.requeued).not.toContain(orderId);
  });

  it('fails an order that keeps losing its job before it built a transaction', async () => {
    const orderId = await strandedOrder(`, recoveries = ${MAX_RECOVERIES}`);
    const report = await reconciler.reconcile();
    expect(report.failed).toContain(orderId);
    const { rows } = await db.query('SELECT status, error_code FROM orders WHERE id = $1', [orderId]);
    expect(rows[0]).toEqual({ status: 'failed', error_code: 'EXECUTION_ABANDONED' });
    const events = await db.query('SELECT seq, status FROM order_events WHERE order_id = $1 ORDER BY seq', [orderId]);
    expect(events.rows).toEqual([
      { seq: 1, status: 'pending' },
      { seq: 2, status: 'failed' },
    ]);
  });

  it('always enqueues again an order that holds a transaction, however often it was recovered', async () => {
    const orderId = await strandedOrder(`, status = 'submitted', attempt = 1, recoveries = ${MAX_RECOVERIES + 3}`);
    const report = await reconciler.reconcile();
    expect(report.requeued).toContain(orderId);
  });
});
