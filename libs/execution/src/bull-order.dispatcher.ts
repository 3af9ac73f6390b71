import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { OrderDispatcher } from '@app/orders';
import { EXECUTE_ORDER_JOB, ExecuteOrderJob, ORDERS_QUEUE } from './queue.constants';

/** How long an enqueue may take before the API answers 503 instead of hanging. */
const ENQUEUE_TIMEOUT_MS = 3000;

/** Enqueues an order's execute job on BullMQ, with jobId = orderId. */
@Injectable()
export class BullOrderDispatcher implements OrderDispatcher {
  constructor(@InjectQueue(ORDERS_QUEUE) private readonly queue: Queue<ExecuteOrderJob>) {}

  async dispatch(orderId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`enqueue timed out after ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.enqueue(orderId), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async enqueue(orderId: string): Promise<void> {
    // A disconnected client would park the command in ioredis' offline queue and the request
    // would hang: refuse at once instead, so the caller can answer 503.
    const client = await this.queue.client;
    if (client.status !== 'ready') throw new Error(`redis connection is ${client.status}`);
    await this.queue.add(EXECUTE_ORDER_JOB, { orderId }, { jobId: orderId });
  }
}
