import { Module } from '@nestjs/common';
import { ExecutionQueueModule } from './execution-queue.module';
import { ExecutionService } from './execution.service';
import { OrderExecutionProcessor } from './order-execution.processor';

/**
 * The execution worker: the BullMQ processor and the service it calls. Needs the (global)
 * OrdersModule and DexModule from the app that imports it.
 */
@Module({
  imports: [ExecutionQueueModule],
  providers: [ExecutionService, OrderExecutionProcessor],
  exports: [ExecutionService],
})
export class ExecutionModule {}
