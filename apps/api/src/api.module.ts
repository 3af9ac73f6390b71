import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { EngineConfigModule, simulationConfig, SimulationConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DexModule } from '@app/dex';
import { BullOrderDispatcher, ExecutionModule, ExecutionQueueModule } from '@app/execution';
import { OrdersModule } from '@app/orders';
import { QuotesModule } from '@app/quotes';
import { HealthController } from './health.controller';

export interface ApiModuleOptions {
  /** Also run the execution worker in this process (`npm start`); false for `start:api`. */
  runWorker: boolean;
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
        ...(options.runWorker ? [ExecutionModule] : []),
      ],
      controllers: [HealthController],
    };
  }
}
