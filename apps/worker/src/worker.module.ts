import { Module } from '@nestjs/common';
import { EngineConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { BullOrderDispatcher, EngineDexModule, ExecutionModule, ExecutionQueueModule } from '@app/execution';
import { OrdersModule } from '@app/orders';

/** The worker role: the BullMQ processor and what it needs; no HTTP, no WebSocket. */
@Module({
  imports: [
    EngineConfigModule,
    DatabaseModule,
    EngineDexModule,
    OrdersModule.forRoot({ imports: [ExecutionQueueModule], dispatcher: BullOrderDispatcher, http: false }),
    ExecutionModule,
  ],
})
export class WorkerModule {}
