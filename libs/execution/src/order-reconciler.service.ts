import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { executionConfig, ExecutionConfig } from '@app/config';
import { IllegalTransitionError, OrdersRepository, OrderTransitions, StaleOrder } from '@app/orders';
import { ExecutionErrorCode } from './execution-errors';
import { EXECUTE_ORDER_JOB, ExecuteOrderJob, ORDERS_QUEUE } from './queue.constants';

/** What BullMQ holds for an order's job: none, one it will still run, or one it finished (completed or failed). */
type JobHold = 'none' | 'live' | 'finished';

/** Recoveries after which an order with no transaction yet is failed instead of enqueued again. */
export const MAX_RECOVERIES = 5;

/** Stale orders read, checked and claimed at a time. */
const PAGE = 500;
/** Prioritized jobs looked at per pass for promotion. */
const PROMOTE_SCAN = 5000;

export interface ReconcileReport {
  checked: number;
  requeued: string[];
  failed: string[];
  /** Jobs that waited in the fair queue longer than RECONCILE_AFTER_MS and moved to the plain list. */
  promoted: number;
}

/**
 * Finds orders that are not terminal, have not changed for RECONCILE_AFTER_MS and have no job
 * BullMQ will run (never enqueued because Redis or the api failed right after the order was
 * stored, Redis lost its data, BullMQ gave up on a stalled job) and enqueues them again,
 * continuing their attempt count. An order that keeps losing its job before it ever built a
 * transaction is failed as EXECUTION_ABANDONED after MAX_RECOVERIES; one with a transaction is
 * always enqueued again, since only execution can settle it.
 *
 * A pass pages through the stale orders by key, asks Redis about a page's jobs with no row locked,
 * then claims the orders to recover with one compare-and-set (on updated_at): among any number of
 * reconcilers, exactly one enqueues a given order. It also promotes jobs that waited too long in
 * the fair queue (see fairQueuePriority), so no order waits forever behind others.
 */
@Injectable()
export class OrderReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrderReconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly orders: OrdersRepository,
    @InjectQueue(ORDERS_QUEUE) private readonly queue: Queue<ExecuteOrderJob>,
    private readonly transitions: OrderTransitions,
    @Inject(executionConfig.KEY) private readonly cfg: ExecutionConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.reconcile()
        .catch((err: Error) => this.logger.warn(`reconcile failed: ${err.message}`))
        .finally(() => (this.running = undefined));
    }, this.cfg.reconcileIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every stale order; exposed for tests and for operators. */
  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, requeued: [], failed: [], promoted: 0 };
    let after: StaleOrder | undefined;
    for (;;) {
      const page = await this.orders.findStale(this.cfg.reconcileAfterMs, after, PAGE);
      report.checked += page.length;
      if (page.length > 0) await this.recover(page, report);
      if (page.length < PAGE) break;
      after = page[page.length - 1];
    }
    report.promoted = await this.promoteLongWaiting();
    if (report.requeued.length + report.failed.length + report.promoted > 0) {
      this.logger.warn(
        `reconciled: requeued ${report.requeued.length}, failed ${report.failed.length}, promoted ${report.promoted}`,
      );
    }
    return report;
  }

  private async recover(page: StaleOrder[], report: ReconcileReport): Promise<void> {
    const holds = await this.jobHolds(page.map((o) => o.id));
    const lost = page.filter((_, i) => holds[i] !== 'live');
    const abandon = lost.filter((o) => o.recoveries >= MAX_RECOVERIES && (o.status === 'pending' || o.status === 'routing'));
    const claimed = await this.orders.claimStale(lost.filter((o) => !abandon.includes(o)));
    if (claimed.length > 0) {
      const hadJob = new Set(page.filter((_, i) => holds[i] === 'finished').map((o) => o.id));
      // A finished or failed job of a non-terminal order is removed, or the new one would be ignored.
      await Promise.all(claimed.filter((o) => hadJob.has(o.id)).map((o) => this.queue.remove(o.id)));
      await this.queue.addBulk(claimed.map((o) => this.jobOf(o)));
      report.requeued.push(...claimed.map((o) => o.id));
    }
    for (const order of abandon) if (await this.abandon(order)) report.failed.push(order.id);
  }

  /**
   * Whether each order's job is still to run, from the job's own hash in one pipeline: gone, still
   * to run (no `finishedOn`: waiting, prioritized, delayed or active), or finished. O(1) per job,
   * where BullMQ's getJobState scans the wait list for each (with a long backlog, a page of 500
   * cost seconds of Redis time).
   */
  private async jobHolds(orderIds: string[]): Promise<JobHold[]> {
    const pipeline = ((await this.queue.client) as unknown as Redis).pipeline();
    for (const id of orderIds) pipeline.hmget(this.queue.toKey(id), 'timestamp', 'finishedOn');
    const replies = (await pipeline.exec()) ?? [];
    return orderIds.map((_, i) => {
      const [err, fields] = replies[i] ?? [new Error('no reply')];
      if (err) throw err;
      const [timestamp, finishedOn] = fields as Array<string | null>;
      return timestamp === null ? 'none' : finishedOn === null ? 'live' : 'finished';
    });
  }

  /** The job of an order enqueued again: the attempt under way runs again, and never more than ORDER_ATTEMPTS in all. */
  private jobOf(order: StaleOrder) {
    const attemptsBefore = Math.max(0, order.attempt - 1);
    return {
      name: EXECUTE_ORDER_JOB,
      data: { orderId: order.id, attemptsBefore },
      opts: { jobId: order.id, attempts: Math.max(1, this.cfg.attempts - attemptsBefore) },
    };
  }

  private async promoteLongWaiting(): Promise<number> {
    const before = Date.now() - this.cfg.reconcileAfterMs;
    let promoted = 0;
    for (let start = 0; start < PROMOTE_SCAN; start += PAGE) {
      const jobs = await this.queue.getPrioritized(start, start + PAGE - 1);
      for (const job of jobs) {
        if (job.timestamp >= before) continue;
        await job.changePriority({ priority: 0 }).then(() => promoted++, () => undefined);
      }
      if (jobs.length < PAGE) break;
    }
    return promoted;
  }

  private async abandon(order: StaleOrder): Promise<boolean> {
    const error = `the order lost its execution job ${order.recoveries} times and was given up`;
    const code = ExecutionErrorCode.EXECUTION_ABANDONED;
    try {
      await this.transitions.transition(order.id, {
        from: order.status,
        to: 'failed',
        set: { error, errorCode: code },
        details: { error, code, retryable: false, attempts: order.attempt },
      });
      return true;
    } catch (err) {
      if (err instanceof IllegalTransitionError) return false;
      throw err;
    }
  }
}
