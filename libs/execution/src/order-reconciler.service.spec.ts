import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { IllegalTransitionError, OrdersRepository, OrderTransitions, StaleOrder, TransitionRequest } from '@app/orders';
import { ExecutionErrorCode } from './execution-errors';
import { MAX_RECOVERIES, OrderReconciler } from './order-reconciler.service';
import { ExecuteOrderJob } from './queue.constants';

const cfg = {
  concurrency: 1, rateLimitPerMinute: 0, attempts: 3, backoffMs: 10, lockMs: 5000, shutdownTimeoutMs: 50,
  reconcileIntervalMs: 1000, reconcileAfterMs: 30_000,
};

/** Stale orders as the repository hands them out, a queue holding jobs in given states, and what the reconciler did. */
function setup(stale: StaleOrder[], jobStates: Record<string, string> = {}) {
  const did = {
    before: undefined as Date | undefined,
    requeued: [] as string[],
    added: [] as Array<{ data: ExecuteOrderJob; attempts: number }>,
    removed: [] as string[],
    failed: [] as Array<{ id: string; req: TransitionRequest }>,
  };
  const repository = {
    withStaleOrders: async (before: Date, _limit: number, work: (o: StaleOrder[], r: (id: string) => Promise<void>) => Promise<void>) => {
      did.before = before;
      return work(stale, async (id) => void did.requeued.push(id));
    },
  } as unknown as OrdersRepository;
  const queue = {
    getJob: async (id: string) =>
      jobStates[id] && { getState: async () => jobStates[id], remove: async () => void did.removed.push(id) },
    add: async (_name: string, data: ExecuteOrderJob, opts: { attempts: number }) =>
      void did.added.push({ data, attempts: opts.attempts }),
  } as unknown as Queue<ExecuteOrderJob>;
  const transitions = {
    transition: async (id: string, req: TransitionRequest) => {
      if (id === 'moved-meanwhile') throw new IllegalTransitionError(id, req.to, 'confirmed');
      did.failed.push({ id, req });
    },
  } as unknown as OrderTransitions;
  return { reconciler: new OrderReconciler(repository, queue, transitions, cfg), did };
}

const order = (id: string, status: StaleOrder['status'], attempt = 0, recoveries = 0): StaleOrder => ({
  id, status, attempt, recoveries,
});

describe('OrderReconciler', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('looks only at orders unchanged for RECONCILE_AFTER_MS', async () => {
    const { reconciler, did } = setup([]);
    const now = Date.now();
    await reconciler.reconcile();
    expect(Math.abs(did.before!.getTime() - (now - cfg.reconcileAfterMs))).toBeLessThan(1000);
  });

  it('leaves alone an order whose job BullMQ will still run', async () => {
    const live = ['active', 'waiting', 'delayed', 'prioritized', 'waiting-children'];
    const stale = live.map((state, i) => order(`o-${i}`, 'pending'));
    const { reconciler, did } = setup(stale, Object.fromEntries(live.map((state, i) => [`o-${i}`, state])));
    const report = await reconciler.reconcile();
    expect(report).toEqual({ checked: 5, requeued: [], failed: [] });
    expect(did.added).toEqual([]);
  });

  it('enqueues again an order with no job, or a finished one, continuing its attempt count', async () => {
    const { reconciler, did } = setup(
      [order('lost', 'pending'), order('mid-attempt', 'building', 2), order('gave-up', 'routing', 1)],
      { 'gave-up': 'failed' },
    );
    const report = await reconciler.reconcile();
    expect(report.requeued).toEqual(['lost', 'mid-attempt', 'gave-up']);
    expect(did.removed).toEqual(['gave-up']);
    expect(did.added).toEqual([
      { data: { orderId: 'lost', attemptsBefore: 0 }, attempts: 3 },
      // Attempt 2 was under way: it runs again as attempt 2, and only one more may follow.
      { data: { orderId: 'mid-attempt', attemptsBefore: 1 }, attempts: 2 },
      { data: { orderId: 'gave-up', attemptsBefore: 0 }, attempts: 3 },
    ]);
    expect(did.requeued).toEqual(['lost', 'mid-attempt', 'gave-up']);
  });

  it(`fails an order that lost its job ${MAX_RECOVERIES} times before it built a transaction`, async () => {
    const { reconciler, did } = setup([order('unlucky', 'routing', 1, MAX_RECOVERIES)]);
    const report = await reconciler.reconcile();
    expect(report).toEqual({ checked: 1, requeued: [], failed: ['unlucky'] });
    expect(did.failed[0].req).toMatchObject({
      from: 'routing',
      to: 'failed',
      set: { errorCode: ExecutionErrorCode.EXECUTION_ABANDONED },
      details: { code: ExecutionErrorCode.EXECUTION_ABANDONED, retryable: false, attempts: 1 },
    });
  });

  it('always enqueues again an order holding a transaction: only execution can settle it', async () => {
    const { reconciler, did } = setup([
      order('built', 'building', 1, MAX_RECOVERIES + 3),
      order('sent', 'submitted', 1, MAX_RECOVERIES),
    ]);
    const report = await reconciler.reconcile();
    expect(report.requeued).toEqual(['built', 'sent']);
    expect(did.failed).toEqual([]);
  });

  it('does not count an order that moved on before it could be failed', async () => {
    const { reconciler } = setup([order('moved-meanwhile', 'pending', 0, MAX_RECOVERIES)]);
    expect(await reconciler.reconcile()).toEqual({ checked: 1, requeued: [], failed: [] });
  });
});
