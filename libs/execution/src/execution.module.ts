import { Module } from '@nestjs/common';
import { ExecutionQueueModule } from './execution-queue.module';
import { AttemptSteps } from './attempt-steps';
import { ExecutionService } from './execution.service';
import { TriggerArming } from './trigger-arming';
import { TriggerEngine } from './trigger-engine.service';
import { OrderExecutionProcessor } from './order-execution.processor';
import { OrderReconciler } from './order-reconciler.service';

/**
 * The execution worker: the BullMQ processor, the service it calls, and the reconciler that
 * re-enqueues orders whose job was lost. Needs the (global)
 * OrdersModule and DexModule from the app that imports it.
 */
@Module({
  imports: [ExecutionQueueModule],
  providers: [ExecutionService, AttemptSteps, TriggerArming, TriggerEngine, OrderExecutionProcessor, OrderReconciler],
  exports: [ExecutionService, OrderReconciler, TriggerEngine],
})
export class ExecutionModule {}
