import { Module } from '@nestjs/common';
import { EngineConfigModule, simulationConfig, SimulationConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DexModule } from '@app/dex';
import { BullOrderDispatcher, ExecutionModule, ExecutionQueueModule } from '@app/execution';
import { LaunchesModule } from '@app/launches';
import { ObservabilityModule } from '@app/observability';
import { OrdersModule } from '@app/orders';
import { WorkerHttpServer } from './worker-http.server';

/** The worker role: the BullMQ processor and what it needs; no API, no WebSocket. */
@Module({
  imports: [
    EngineConfigModule,
    DatabaseModule,
    ObservabilityModule,
    DexModule.forRootAsync({ isGlobal: true, inject: [simulationConfig.KEY], useFactory: (sim: SimulationConfig) => sim }),
    OrdersModule.forRoot({ imports: [ExecutionQueueModule], dispatcher: BullOrderDispatcher, http: false }),
    // The store of ad-hoc launches: the worker trades the launches every api process makes.
    LaunchesModule.forRoot({ http: false }),
    ExecutionModule,
  ],
  // Its own small HTTP port: /metrics and the probes (WORKER_HTTP_PORT).
  providers: [WorkerHttpServer],
})
export class WorkerModule {}
