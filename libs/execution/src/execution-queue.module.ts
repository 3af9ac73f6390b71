import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { redisOptions } from '@app/common';
import { executionConfig, ExecutionConfig, redisConfig, RedisConfig } from '@app/config';
import { BullOrderDispatcher } from './bull-order.dispatcher';
import { QueueMetrics } from './queue-metrics';
import { KEEP_COMPLETED, KEEP_FAILED, ORDERS_QUEUE } from './queue.constants';

/**
 * The orders queue and its producer. Default job options live here, in one place: attempts,
 * exponential backoff with jitter, bounded retention.
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [redisConfig.KEY, executionConfig.KEY],
      useFactory: (redis: RedisConfig, exec: ExecutionConfig) => ({
        connection: redisOptions(redis.endpoint, 'queue'),
        prefix: redis.prefix,
        defaultJobOptions: {
          attempts: exec.attempts,
          backoff: { type: 'exponential', delay: exec.backoffMs, jitter: 0.5 },
          removeOnComplete: KEEP_COMPLETED,
          removeOnFail: KEEP_FAILED,
        },
      }),
    }),
    BullModule.registerQueue({ name: ORDERS_QUEUE }),
  ],
  providers: [BullOrderDispatcher, QueueMetrics],
  exports: [BullModule, BullOrderDispatcher],
})
export class ExecutionQueueModule {}
