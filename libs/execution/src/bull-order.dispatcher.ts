import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { MicroBatcher, withTimeout } from '@app/common';
import { edgeConfig, EdgeConfig } from '@app/config';
import { DispatchOptions, OrderDispatcher } from '@app/orders';
import { EXECUTE_ORDER_JOB, ExecuteOrderJob, ORDERS_QUEUE } from './queue.constants';

interface Dispatch extends DispatchOptions {
  orderId: string;
}

/** How long an enqueue may take before it is given up (the reconciler enqueues the order later). */
const ENQUEUE_TIMEOUT_MS = 3000;

/**
 * Enqueues orders' execute jobs on BullMQ, with jobId = orderId (so a second enqueue of one order
 * is a no-op). Orders dispatched at the same time go out in one pipelined round trip (`addBulk`).
 * A failure loses nothing: the orders are stored, and the reconciler enqueues those with no job.
 */
@Injectable()
export class BullOrderDispatcher implements OrderDispatcher {
  private readonly logger = new Logger(BullOrderDispatcher.name);
  private readonly enqueues: MicroBatcher<Dispatch, void>;

  constructor(
    @InjectQueue(ORDERS_QUEUE) private readonly queue: Queue<ExecuteOrderJob>,
    @Inject(edgeConfig.KEY) edge: EdgeConfig,
  ) {
    this.enqueues = new MicroBatcher((items) => this.enqueueGroup(items), {
      maxBatch: 500,
      maxInFlight: 4,
      gather: 'tick',
      maxWaiting: edge.groupQueueLimit,
      name: 'order enqueues',
    });
  }

  dispatch(orderId: string, options: DispatchOptions = {}): Promise<void> {
    return this.enqueues.add({ orderId, ...options });
  }

  private async enqueueGroup(items: Dispatch[]): Promise<void[]> {
    try {
      await withTimeout(this.enqueue(items), ENQUEUE_TIMEOUT_MS, 'enqueue', 'redis');
    } catch (err) {
      this.logger.warn(`enqueue of ${items.length} order(s) failed: ${(err as Error).message}`);
      throw err;
    }
    return items.map(() => undefined);
  }

  private async enqueue(items: Dispatch[]): Promise<void> {
    // A disconnected client would park the command in ioredis' offline queue and the request
    // would hang: refuse at once instead, so the caller can answer 503.
    const client = await this.queue.client;
    if (client.status !== 'ready') throw new Error(`redis connection is ${client.status}`);
    const data = ({ orderId, attemptsBefore }: Dispatch): ExecuteOrderJob => (attemptsBefore ? { orderId, attemptsBefore } : { orderId });
    const opts = ({ orderId, priority, removeOnFinish }: Dispatch) => ({
      jobId: orderId,
      ...(priority === undefined ? {} : { priority }),
      ...(removeOnFinish ? { removeOnComplete: true, removeOnFail: true } : {}),
    });
    // One job (the usual case at low load) goes out as a plain add.
    if (items.length === 1) {
      await this.queue.add(EXECUTE_ORDER_JOB, data(items[0]), opts(items[0]));
      return;
    }
    await this.queue.addBulk(items.map((i) => ({ name: EXECUTE_ORDER_JOB, data: data(i), opts: opts(i) })));
  }
}
