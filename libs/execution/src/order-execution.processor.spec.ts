import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { ExecutionService, OrderFailedError } from './execution.service';
import { OrderExecutionProcessor } from './order-execution.processor';
import { ExecuteOrderJob } from './queue.constants';

const cfg = {
  concurrency: 7,
  rateLimitPerMinute: 100,
  attempts: 3,
  backoffMs: 10,
  lockMs: 5000,
  shutdownTimeoutMs: 50,
  reconcileIntervalMs: 1000,
  reconcileAfterMs: 1000,
  triggerTickMs: 400,
};

function setup(execute: jest.Mock, overrides: Partial<typeof cfg> = {}) {
  const processor = new OrderExecutionProcessor({ execute } as unknown as ExecutionService, { ...cfg, ...overrides });
  const worker = {
    concurrency: 1,
    opts: {} as Record<string, unknown>,
    run: jest.fn().mockResolvedValue(undefined),
    close: jest.fn().mockResolvedValue(undefined),
  };
  (processor as unknown as { _worker: unknown })._worker = worker;
  return { processor, worker };
}

const job = (attemptsMade: number, attemptsBefore?: number, moveToDelayed = jest.fn().mockResolvedValue(undefined)) =>
  ({ data: { orderId: 'o-1', attemptsBefore }, attemptsMade, opts: { attempts: 3 }, moveToDelayed }) as unknown as Job<ExecuteOrderJob>;

describe('OrderExecutionProcessor', () => {
  it('starts the worker with the configured concurrency and rate limit', () => {
    const { processor, worker } = setup(jest.fn());
    processor.onApplicationBootstrap();
    expect(worker.concurrency).toBe(7);
    expect(worker.opts.limiter).toEqual({ max: 100, duration: 60_000 });
    expect(worker.opts.lockDuration).toBe(5000);
    expect(worker.run).toHaveBeenCalledTimes(1);
  });

  it('runs without a limiter when the rate limit is 0', () => {
    const { processor, worker } = setup(jest.fn(), { rateLimitPerMinute: 0 });
    processor.onApplicationBootstrap();
    expect(worker.opts.limiter).toBeUndefined();
  });

  it('numbers attempts from 1 and tells the service which one is the last', async () => {
    const execute = jest.fn().mockResolvedValue(undefined);
    const { processor } = setup(execute);
    await processor.process(job(0));
    await processor.process(job(2));
    expect(execute.mock.calls).toEqual([
      ['o-1', 1, false],
      ['o-1', 3, true],
    ]);
  });

  it('continues the attempt count of an order the reconciler enqueued again', async () => {
    const execute = jest.fn().mockResolvedValue(undefined);
    const { processor } = setup(execute);
    await processor.process(job(0, 1));
    await processor.process(job(0, 2));
    expect(execute.mock.calls).toEqual([
      ['o-1', 2, false],
      ['o-1', 3, true],
    ]);
  });

  it('on shutdown waits for running jobs, and lets go of them after the timeout', async () => {
    const { processor, worker } = setup(jest.fn());
    await processor.beforeApplicationShutdown();
    expect(worker.close).toHaveBeenCalledWith();
    worker.close.mockImplementationOnce(() => new Promise(() => undefined));
    await processor.beforeApplicationShutdown();
    expect(worker.close).toHaveBeenLastCalledWith(true);
  });

  it('delays the job without counting an attempt when Postgres or Redis is unavailable', async () => {
    const lost = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const { processor } = setup(jest.fn().mockRejectedValueOnce(lost).mockRejectedValueOnce(new Error('Connection is closed.')));
    for (const _ of [1, 2]) {
      const moveToDelayed = jest.fn().mockResolvedValue(undefined);
      const before = Date.now();
      await expect(processor.process(job(2, 0, moveToDelayed), 'lock-token')).rejects.toBeInstanceOf(DelayedError);
      // Delayed by at least a second (RETRY_BACKOFF_MS when longer), under the job's own lock.
      expect(moveToDelayed).toHaveBeenCalledWith(expect.any(Number), 'lock-token');
      expect(moveToDelayed.mock.calls[0][0]).toBeGreaterThanOrEqual(before + 1000);
    }
  });

  it('stops BullMQ retrying once the order is failed, and lets it retry a transient error', async () => {
    const failed = new OrderFailedError({ code: 'NO_ROUTE', message: 'no pool', retryable: false });
    const { processor } = setup(jest.fn().mockRejectedValueOnce(failed).mockRejectedValueOnce(new Error('blip')));
    await expect(processor.process(job(0))).rejects.toBeInstanceOf(UnrecoverableError);
    const second = processor.process(job(0));
    await expect(second).rejects.toThrow('blip');
    await expect(second).rejects.not.toBeInstanceOf(UnrecoverableError);
  });
});
