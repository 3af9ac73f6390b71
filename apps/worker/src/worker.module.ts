import { Module } from '@nestjs/common';
import { EngineConfigModule, simulationConfig, SimulationConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DexModule } from '@app/dex';
import { BullOrderDispatcher, ExecutionModule, ExecutionQueueModule } from '@app/execution';
import { LaunchesModule } from '@app/launches';
import { OrdersModule } from '@app/orders';

/** The worker role: the BullMQ processor and what it needs; no HTTP, no WebSocket. */
@Module({
  imports: [
    EngineConfigModule,
    DatabaseModule,
    DexModule.forRootAsync({ isGlobal: true, inject: [simulationConfig.KEY], useFactory: (sim: SimulationConfig) => sim }),
    OrdersModule.forRoot({ imports: [ExecutionQueueModule], dispatcher: BullOrderDispatcher, http: false }),
    // The store of ad-hoc launches: the worker trades the launches every api process makes.
    LaunchesModule.forRoot({ http: false }),
    ExecutionModule,
  ],
})
export class WorkerModule {}
