import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { Queue } from 'bullmq';
import { withTimeout } from '@app/common';
import { EngineMetrics, QUEUE_STATES } from '@app/observability';
import { ORDERS_QUEUE } from './queue.constants';

/** Gives the metrics the orders queue's depth, read (one Redis round trip) only when /metrics is scraped. */
@Injectable()
export class QueueMetrics implements OnModuleInit, OnModuleDestroy {
  private stop?: () => void;

  constructor(
    @InjectQueue(ORDERS_QUEUE) private readonly queue: Queue,
    @Optional() private readonly metrics?: EngineMetrics,
  ) {}

  onModuleInit(): void {
    if (!this.metrics?.enabled) return;
    const read = () => withTimeout(this.queue.getJobCounts(...QUEUE_STATES), 1000, 'queue depth');
    this.stop = this.metrics.readQueueFrom(read);
  }

  onModuleDestroy(): void {
    this.stop?.();
  }
}
