import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { dependencyFailure, TimeoutError, withTimeout } from '@app/common';
import { executionConfig, ExecutionConfig } from '@app/config';
import { ExecutionService, OrderFailedError } from './execution.service';
import { ExecuteOrderJob, ORDERS_QUEUE } from './queue.constants';

/**
 * Thin BullMQ processor: one job = one attempt of one order, delegated to ExecutionService.
 * The worker is created idle (`autorun: false`) and started once the application is up, with
 * concurrency and rate limit from the configuration.
 */
@Processor(ORDERS_QUEUE, { autorun: false })
export class OrderExecutionProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OrderExecutionProcessor.name);

  constructor(
    private readonly execution: ExecutionService,
    @Inject(executionConfig.KEY) private readonly cfg: ExecutionConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.cfg.concurrency;
    this.worker.opts.lockDuration = this.cfg.lockMs;
    this.worker.opts.stalledInterval = this.cfg.lockMs;
    if (this.cfg.rateLimitPerMinute > 0) {
      this.worker.opts.limiter = { max: this.cfg.rateLimitPerMinute, duration: 60_000 };
    }
    this.worker.run().catch((err: Error) => this.logger.error(`worker stopped: ${err.message}`));
  }

  /**
   * Runs before the database pool and Redis connections close (they close in the shutdown hooks
   * that follow): stop taking jobs and let running ones finish for up to SHUTDOWN_TIMEOUT_MS. Past
   * that the worker lets go; its jobs' locks lapse and another worker resumes them from the
   * stored status (a built transaction is settled, never sent twice).
   */
  async beforeApplicationShutdown(): Promise<void> {
    try {
      await withTimeout(this.worker.close(), this.cfg.shutdownTimeoutMs, 'draining the running orders');
    } catch (err) {
      if (!(err instanceof TimeoutError)) throw err;
      this.logger.warn(`running orders did not finish in ${this.cfg.shutdownTimeoutMs} ms; handing them back`);
      await this.worker.close(true);
    }
  }

  async process(job: Job<ExecuteOrderJob>, token?: string): Promise<void> {
    const attempt = (job.data.attemptsBefore ?? 0) + job.attemptsMade + 1;
    try {
      await this.execution.execute(job.data.orderId, attempt, attempt >= this.cfg.attempts);
    } catch (err) {
      // The order is already written `failed`: stop BullMQ from retrying the job.
      if (err instanceof OrderFailedError) throw new UnrecoverableError(err.message);
      const failure = dependencyFailure(err);
      if (failure && token) {
        // Postgres or Redis blinked: not the order's fault, so not one of its attempts. The job
        // waits and runs again (the same attempt, resumed from the stored status). If Redis
        // cannot take even that, the job's lock lapses and it runs again when it stalls, or the
        // reconciler enqueues its order.
        const delayMs = Math.max(1000, this.cfg.backoffMs);
        const { orderId } = job.data;
        this.logger.warn(`order ${orderId}: ${failure.message}; attempt ${attempt} runs again in ${delayMs} ms`);
        await job.moveToDelayed(Date.now() + delayMs, token);
        throw new DelayedError();
      }
      throw err;
    }
  }

  /** Fires on every failed attempt, not only the last; the order itself is written by the service. */
  @OnWorkerEvent('failed')
  onFailed(job: Job<ExecuteOrderJob> | undefined, err: Error): void {
    if (!job) return;
    const attempt = (job.data.attemptsBefore ?? 0) + job.attemptsMade;
    this.logger.warn(`order ${job.data.orderId}: attempt ${attempt} of ${this.cfg.attempts} failed: ${err.message}`);
  }

  @OnWorkerEvent('stalled')
  onStalled(jobId: string): void {
    this.logger.warn(`order ${jobId}: job stalled (its worker stopped answering); it will run again`);
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.error(`worker error: ${err.message}`);
  }
}
