import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { OrderDispatcher } from '@app/orders';
import { EXECUTE_ORDER_JOB, ExecuteOrderJob, ORDERS_QUEUE } from './queue.constants';

/** How long an enqueue may take before the API answers 503 instead of hanging. */
const ENQUEUE_TIMEOUT_MS = 3000;

/**
 * Enqueues orders' execute jobs on BullMQ, with jobId = orderId, in one pipelined round trip per
 * call. A pipeline is not atomic: if it fails part-way, the caller removes the orders, and a job
 * that did get in finds no order and is skipped by the worker.
 */
@Injectable()
export class BullOrderDispatcher implements OrderDispatcher {
  constructor(@InjectQueue(ORDERS_QUEUE) private readonly queue: Queue<ExecuteOrderJob>) {}

  async dispatch(orderIds: readonly string[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`enqueue timed out after ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.enqueue(orderIds), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async enqueue(orderIds: readonly string[]): Promise<void> {
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
