import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { executionConfig, ExecutionConfig } from '@app/config';
import { ExecutionService, OrderFailedError } from './execution.service';
import { ExecuteOrderJob, ORDERS_QUEUE } from './queue.constants';

/**
 * Thin BullMQ processor: one job = one attempt of one order, delegated to ExecutionService.
 * The worker is created idle (`autorun: false`) and started once the application is up, with
 * concurrency and rate limit from the configuration.
 */
@Processor(ORDERS_QUEUE, { autorun: false })
export class OrderExecutionProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(OrderExecutionProcessor.name);

  constructor(
    private readonly execution: ExecutionService,
    @Inject(executionConfig.KEY) private readonly cfg: ExecutionConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.cfg.concurrency;
    if (this.cfg.rateLimitPerMinute > 0) {
      this.worker.opts.limiter = { max: this.cfg.rateLimitPerMinute, duration: 60_000 };
    }
    this.worker.run().catch((err: Error) => this.logger.error(`worker stopped: ${err.message}`));
  }

  async process(job: Job<ExecuteOrderJob>): Promise<void> {
    const attempt = job.attemptsMade + 1;
    const attempts = job.opts.attempts ?? 1;
    try {
      await this.execution.execute(job.data.orderId, attempt, attempt >= attempts);
    } catch (err) {
      // The order is already written `failed`: stop BullMQ from retrying the job.
      if (err instanceof OrderFailedError) throw new UnrecoverableError(err.message);
      throw err;
    }
  }

  /** Fires on every failed attempt, not only the last; the order itself is written by the service. */
  @OnWorkerEvent('failed')
  onFailed(job: Job<ExecuteOrderJob> | undefined, err: Error): void {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    this.logger.warn(`order ${job.data.orderId}: attempt ${job.attemptsMade} of ${attempts} failed: ${err.message}`);
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
