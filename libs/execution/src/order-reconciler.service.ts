import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { executionConfig, ExecutionConfig } from '@app/config';
import { IllegalTransitionError, OrdersRepository, OrderTransitions, StaleOrder } from '@app/orders';
import { ExecutionErrorCode } from './execution-errors';
import { EXECUTE_ORDER_JOB, ExecuteOrderJob, ORDERS_QUEUE } from './queue.constants';

/** Job states in which BullMQ will still run the job: the order is in hand. */
const LIVE_JOB_STATES = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

/** Recoveries after which an order with no transaction yet is failed instead of enqueued again. */
export const MAX_RECOVERIES = 5;

const BATCH = 100;

export interface ReconcileReport {
  checked: number;
  requeued: string[];
  failed: string[];
}

/**
 * Finds orders that are not terminal, have not changed for RECONCILE_AFTER_MS and have no job
 * BullMQ will run (Redis lost its data, the enqueue never happened, BullMQ gave up on a stalled
 * job) and enqueues them again, continuing their attempt count. An order that keeps losing its
 * job before it ever built a transaction is failed as EXECUTION_ABANDONED after MAX_RECOVERIES;
 * one with a transaction is always enqueued again, since only execution can settle it.
 * Safe in any number of processes: the repository hands each process different orders.
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

  /** One pass; exposed for tests and for operators. */
  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, requeued: [], failed: [] };
    const toFail: StaleOrder[] = [];
    const before = new Date(Date.now() - this.cfg.reconcileAfterMs);
    await this.orders.withStaleOrders(before, BATCH, async (candidates, requeued) => {
      report.checked = candidates.length;
      for (const order of candidates) {
        const job = await this.queue.getJob(order.id);
        if (job && LIVE_JOB_STATES.has(await job.getState())) continue;
        if (order.recoveries >= MAX_RECOVERIES && (order.status === 'pending' || order.status === 'routing')) {
          toFail.push(order);
          continue;
        }
        await job?.remove();
        const attemptsBefore = Math.max(0, order.attempt - 1);
        await this.queue.add(
          EXECUTE_ORDER_JOB,
          { orderId: order.id, attemptsBefore },
          { jobId: order.id, attempts: Math.max(1, this.cfg.attempts - attemptsBefore) },
        );
        await requeued(order.id);
        report.requeued.push(order.id);
      }
    });
    for (const order of toFail) if (await this.abandon(order)) report.failed.push(order.id);
    if (report.requeued.length + report.failed.length > 0) {
      this.logger.warn(`reconciled: requeued ${report.requeued.length}, failed ${report.failed.length}`);
    }
    return report;
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
