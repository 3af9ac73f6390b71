import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { MicroBatcher, withTimeout } from '@app/common';
import { edgeConfig, EdgeConfig } from '@app/config';
import { OrderDispatcher } from '@app/orders';
import { EXECUTE_ORDER_JOB, ExecuteOrderJob, ORDERS_QUEUE } from './queue.constants';

/** How long an enqueue may take before the API answers 503 instead of hanging. */
const ENQUEUE_TIMEOUT_MS = 3000;

/**
 * Enqueues orders' execute jobs on BullMQ, with jobId = orderId. Orders dispatched at the same
 * time go out in one pipelined round trip (`addBulk`). A pipeline is not atomic: if it fails
 * part-way, every order of the group is refused and removed by its caller, and a job that did get
 * in finds no order and is skipped by the worker.
 */
@Injectable()
export class BullOrderDispatcher implements OrderDispatcher {
  private readonly logger = new Logger(BullOrderDispatcher.name);
  private readonly enqueues: MicroBatcher<string, void>;

  constructor(
    @InjectQueue(ORDERS_QUEUE) private readonly queue: Queue<ExecuteOrderJob>,
    @Inject(edgeConfig.KEY) edge: EdgeConfig,
  ) {
    this.enqueues = new MicroBatcher((ids) => this.enqueueGroup(ids), {
      maxBatch: 500,
      maxInFlight: 4,
      gather: 'tick',
      maxWaiting: edge.groupQueueLimit,
      name: 'order enqueues',
    });
  }

  dispatch(orderId: string): Promise<void> {
    return this.enqueues.add(orderId);
  }

  private async enqueueGroup(orderIds: string[]): Promise<void[]> {
    try {
      await withTimeout(this.enqueue(orderIds), ENQUEUE_TIMEOUT_MS, 'enqueue');
    } catch (err) {
      this.logger.warn(`enqueue of ${orderIds.length} order(s) failed: ${(err as Error).message}`);
      throw err;
    }
    return orderIds.map(() => undefined);
  }

  private async enqueue(orderIds: string[]): Promise<void> {
    // A disconnected client would park the command in ioredis' offline queue and the request
    // would hang: refuse at once instead, so the caller can answer 503.
    const client = await this.queue.client;
    if (client.status !== 'ready') throw new Error(`redis connection is ${client.status}`);
    // One job (the usual case at low load) goes out as a plain add.
    if (orderIds.length === 1) {
      await this.queue.add(EXECUTE_ORDER_JOB, { orderId: orderIds[0] }, { jobId: orderIds[0] });
      return;
    }
    await this.queue.addBulk(
      orderIds.map((orderId) => ({ name: EXECUTE_ORDER_JOB, data: { orderId }, opts: { jobId: orderId } })),
    );
  }
}
