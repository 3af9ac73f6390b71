import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { IllegalTransitionError, OrdersRepository, OrderTransitions, StaleOrder, TransitionRequest } from '@app/orders';
import { ExecutionErrorCode } from './execution-errors';
import { MAX_RECOVERIES, OrderReconciler } from './order-reconciler.service';
import { ExecuteOrderJob } from './queue.constants';

const cfg = {
  concurrency: 1, rateLimitPerMinute: 0, attempts: 3, backoffMs: 10, lockMs: 5000, shutdownTimeoutMs: 50,
  reconcileIntervalMs: 1000, reconcileAfterMs: 30_000, triggerTickMs: 400,
};

type Added = { data: ExecuteOrderJob; opts: { jobId: string; attempts: number } };

/**
 * Stale orders as the repository pages them out (`stale`), a queue holding jobs in given states,
 * and a record of what the reconciler did. `movedMeanwhile` orders fail the compare-and-set.
 */
function setup(stale: StaleOrder[], jobStates: Record<string, string> = {}, movedMeanwhile: string[] = []) {
  const did = {
    pages: [] as Array<{ olderThanMs: number; after?: string; limit: number }>,
    claimed: [] as string[],
    added: [] as Added[],
    removed: [] as string[],
    failed: [] as Array<{ id: string; req: TransitionRequest }>,
    promoted: [] as string[],
    order: [] as string[],
  };
  const repository = {
    findStale: async (olderThanMs: number, after: StaleOrder | undefined, limit: number) => {
      did.pages.push({ olderThanMs, after: after?.id, limit });
      const from = after ? stale.findIndex((o) => o.id === after.id) + 1 : 0;
      return stale.slice(from, from + limit);
    },
    claimStale: async (orders: StaleOrder[]) => {
      did.order.push('claim');
      const won = orders.filter((o) => !movedMeanwhile.includes(o.id));
      did.claimed.push(...won.map((o) => o.id));
      return won.map((o) => ({ ...o, recoveries: o.recoveries + 1 }));
    },
  } as unknown as OrdersRepository;
  const prioritized = Object.entries(jobStates).filter(([, s]) => s.startsWith('prioritized'));
  const queue = {
    // The job's hash, as the reconciler reads it: no hash, a job to run (no finishedOn), or a finished one.
    toKey: (id: string) => id,
    client: Promise.resolve({
      pipeline: () => {
        const ids: string[] = [];
        const p = {
          hmget: (id: string) => (did.order.push('state'), ids.push(id), p),
          exec: async () =>
            ids.map((id) => {
              const state = (jobStates[id] ?? 'unknown').split(':')[0];
              if (state === 'unknown') return [null, [null, null]];
              return [null, ['1', state === 'completed' || state === 'failed' ? '2' : null]];
            }),
        };
        return p;
      },
    }),
    remove: async (id: string) => void did.removed.push(id),
    addBulk: async (jobs: Added[]) => void did.added.push(...jobs),
    getPrioritized: async (start: number, end: number) =>
      prioritized.slice(start, end + 1).map(([id, s]) => ({
        timestamp: s.endsWith(':old') ? Date.now() - 60_000 : Date.now(),
        changePriority: async () => void did.promoted.push(id),
      })),
  } as unknown as Queue<ExecuteOrderJob>;
  const transitions = {
    transition: async (id: string, req: TransitionRequest) => {
      if (movedMeanwhile.includes(id)) throw new IllegalTransitionError(id, req.to, 'confirmed');
      did.failed.push({ id, req });
    },
  } as unknown as OrderTransitions;
  return { reconciler: new OrderReconciler(repository, queue, transitions, cfg), did };
}

const order = (id: string, status: StaleOrder['status'], attempt = 0, recoveries = 0): StaleOrder => ({
  id, status, attempt, recoveries, version: '2026-12-01 10:00:00.123456+00',
});

describe('OrderReconciler', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('looks only at orders unchanged for RECONCILE_AFTER_MS, and pages through them by key', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => order(`o-${i}`, 'pending'));
    const { reconciler, did } = setup(many);
    const report = await reconciler.reconcile();
    expect(report.checked).toBe(1200);
    // Three pages, each after the last order of the one before: nothing read twice.
    expect(did.pages).toEqual([
      { olderThanMs: 30_000, after: undefined, limit: 500 },
      { olderThanMs: 30_000, after: 'o-499', limit: 500 },
      { olderThanMs: 30_000, after: 'o-999', limit: 500 },
    ]);
    expect(new Set(report.requeued).size).toBe(1200);
  });

  it('asks Redis about the jobs before claiming anything (no row lock is held meanwhile)', async () => {
    const { reconciler, did } = setup([order('a', 'pending'), order('b', 'pending')]);
    await reconciler.reconcile();
    expect(did.order).toEqual(['state', 'state', 'claim']);
  });

  it('leaves alone an order whose job BullMQ will still run', async () => {
    const live = ['active', 'waiting', 'delayed', 'prioritized', 'waiting-children'];
    const stale = live.map((_, i) => order(`o-${i}`, 'pending'));
    const { reconciler, did } = setup(stale, Object.fromEntries(live.map((state, i) => [`o-${i}`, state])));
    const report = await reconciler.reconcile();
    expect(report).toEqual({ checked: 5, requeued: [], failed: [], promoted: 0 });
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
    expect(did.added.map((j) => [j.data, j.opts.attempts])).toEqual([
      [{ orderId: 'lost', attemptsBefore: 0 }, 3],
      // Attempt 2 was under way: it runs again as attempt 2, and only one more may follow.
      [{ orderId: 'mid-attempt', attemptsBefore: 1 }, 2],
      [{ orderId: 'gave-up', attemptsBefore: 0 }, 3],
    ]);
    expect(did.added.every((j) => j.opts.jobId === j.data.orderId)).toBe(true);
  });

  it('enqueues only the orders it won the compare-and-set for: another reconciler or a worker got the rest', async () => {
    const { reconciler, did } = setup([order('mine', 'pending'), order('theirs', 'pending')], {}, ['theirs']);
    const report = await reconciler.reconcile();
    expect(report.requeued).toEqual(['mine']);
    expect(did.added.map((j) => j.data.orderId)).toEqual(['mine']);
  });

  it(`fails an order that lost its job ${MAX_RECOVERIES} times before it built a transaction`, async () => {
    const { reconciler, did } = setup([order('unlucky', 'routing', 1, MAX_RECOVERIES)]);
    const report = await reconciler.reconcile();
    expect(report).toEqual({ checked: 1, requeued: [], failed: ['unlucky'], promoted: 0 });
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
    const { reconciler } = setup([order('moved-meanwhile', 'pending', 0, MAX_RECOVERIES)], {}, ['moved-meanwhile']);
    expect(await reconciler.reconcile()).toEqual({ checked: 1, requeued: [], failed: [], promoted: 0 });
  });

  it('promotes jobs that waited in the fair queue longer than RECONCILE_AFTER_MS to the plain list', async () => {
    const { reconciler, did } = setup([], { young: 'prioritized', old: 'prioritized:old' });
    const report = await reconciler.reconcile();
    expect(report.promoted).toBe(1);
    expect(did.promoted).toEqual(['old']);
  });
});
