import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { EngineConfigModule, simulationConfig, SimulationConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DexModule } from '@app/dex';
import { BullOrderDispatcher, ExecutionModule, ExecutionQueueModule } from '@app/execution';
import { LaunchesModule } from '@app/launches';
import { OrdersModule } from '@app/orders';
import { QuotesModule } from '@app/quotes';
import { HealthController } from './health.controller';
import { ShutdownGate } from './shutdown-gate';

export interface ApiModuleOptions {
  /** Also run the execution worker in this process (`npm start`); false for `start:api`. */
  runWorker: boolean;
  /** SIM_LAUNCHES_API: serve POST /api/sim/launches (otherwise the route does not exist). */
  simLaunchesApi?: boolean;
}

/** The api role: HTTP, WebSocket, the queue producer and, optionally, the worker. */
@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        EngineConfigModule,
        DatabaseModule,
        AccountsModule.forRoot(),
        DexModule.forRootAsync({ isGlobal: true, inject: [simulationConfig.KEY], useFactory: (sim: SimulationConfig) => sim }),
        OrdersModule.forRoot({ imports: [ExecutionQueueModule], dispatcher: BullOrderDispatcher, http: true }),
        QuotesModule,
        LaunchesModule.forRoot({ http: true, simApi: options.simLaunchesApi ?? false }),
        ...(options.runWorker ? [ExecutionModule] : []),
      ],
      controllers: [HealthController],
      providers: [ShutdownGate],
    };
  }
}
