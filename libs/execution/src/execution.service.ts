import { Injectable, Logger } from '@nestjs/common';
import { unavailableDependency } from '@app/common';
import { IllegalTransitionError, isTerminal, Order, OrderNotFoundError, OrdersService, OrderTransitions, predecessorsOf } from '@app/orders';
import { AttemptSteps } from './attempt-steps';
import { AttemptFailure, describeFailure, ExecutionErrorCode } from './execution-errors';
import { moveRun, Run, TriggerNoLongerMetError } from './run';
import { TriggerArming } from './trigger-arming';

/** Thrown when an attempt ended the order as `failed`: the job must not be retried. */
export class OrderFailedError extends Error {
  constructor(readonly failure: AttemptFailure) {
    super(`${failure.code}: ${failure.message}`);
  }
}

/**
 * Runs one job of an order. A market order's job is one attempt through routing → building →
 * submitted → confirmed (AttemptSteps). A trigger order's first job arms it (it waits; a limit
 * already met executes at once); each time its trigger fires, a job runs an attempt, and a limit
 * whose attempt fails for a passing reason waits again instead of failing. A job may run twice
 * (crash, stalled lock): every step resumes from the stored status and is conditional on it.
 */
@Injectable()
export class ExecutionService {
  private readonly logger = new Logger(ExecutionService.name);

  constructor(
    private readonly orders: OrdersService,
    private readonly transitions: OrderTransitions,
    private readonly steps: AttemptSteps,
    private readonly arming: TriggerArming,
  ) {}

  /**
   * Runs attempt `attempt`. Resolves when the order is confirmed, waits, or was finished or moved
   * by another run (or cancelled). Rejects with the attempt's error when a retry may follow, and
   * with OrderFailedError once the order is failed (not retryable, or `isLastAttempt`).
   */
  async execute(orderId: string, attempt: number, isLastAttempt: boolean): Promise<void> {
    const order = await this.load(orderId);
    if (!order || isTerminal(order.status)) return;
    // A waiting order runs only once its trigger fired (a stray job of an armed order does nothing).
    if (order.status === 'waiting' && order.triggeredAt === null) return;
    const run: Run = { order, lastSeenSeq: order.lastSeq };
    try {
      if (order.type !== 'market' && order.status === 'pending' && !(await this.arming.arm(run))) return;
      await this.steps.run(run, attempt);
    } catch (err) {
      await this.onFailure(run, attempt, isLastAttempt, err);
    }
  }

  private async onFailure(run: Run, attempt: number, isLastAttempt: boolean, err: unknown): Promise<void> {
    const { order } = run;
    // Postgres or Redis did not answer: the order did nothing wrong. Nothing is written (it could
    // not be anyway) and the attempt is not counted: the processor runs the job again later, and
    // it resumes from the stored status.
    if (unavailableDependency(err)) throw err;
    if (err instanceof IllegalTransitionError) {
      this.logger.warn(`order ${order.id} was moved by another run or cancelled: ${err.message}`);
      return;
    }
    if (err instanceof TriggerNoLongerMetError) {
      await this.arming.waitAgain(run, { code: ExecutionErrorCode.PRICE_MOVED, message: err.message, retryable: true });
      return;
    }
    const failure = describeFailure(err);
    if (failure.code === ExecutionErrorCode.INTERNAL_ERROR) this.logger.error(`order ${order.id}: ${(err as Error).stack}`);
    // A limit order never gives up on a passing failure: it waits for its price again, until it expires.
    if (order.type === 'limit' && failure.retryable) {
      await this.ignoreIfMoved(() => this.arming.waitAgain(run, failure));
      return;
    }
    if (failure.retryable && !isLastAttempt) {
      await this.transitions.noteAttemptFailure(order.id, failure.code, failure.message);
      throw err;
    }
    await this.ignoreIfMoved(() =>
      // The attempt that failed, even if it failed before its `routing` step was written.
      moveRun(this.transitions, run, {
        from: predecessorsOf('failed'),
        to: 'failed',
        attempt,
        set: { error: failure.message, errorCode: failure.code },
        details: { error: failure.message, code: failure.code, retryable: failure.retryable, attempts: attempt },
      }),
    );
    throw new OrderFailedError(failure);
  }

  private async load(orderId: string): Promise<Order | undefined> {
    try {
      return await this.orders.getOrder(orderId);
    } catch (err) {
      if (!(err instanceof OrderNotFoundError)) throw err;
      this.logger.warn(`job for unknown order ${orderId} skipped`);
      return undefined;
    }
  }

  /** A step another run (or a cancel) overtook is not this run's to take. */
  private async ignoreIfMoved(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (err) {
      if (!(err instanceof IllegalTransitionError)) throw err;
    }
  }
}
