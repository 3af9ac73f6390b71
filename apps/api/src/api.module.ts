import { DynamicModule, Module } from '@nestjs/common';
import { EngineConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { BullOrderDispatcher, EngineDexModule, ExecutionModule, ExecutionQueueModule } from '@app/execution';
import { OrdersModule } from '@app/orders';
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
        EngineDexModule,
        OrdersModule.forRoot({ imports: [ExecutionQueueModule], dispatcher: BullOrderDispatcher, http: true }),
        ...(options.runWorker ? [ExecutionModule] : []),
      ],
      controllers: [HealthController],
    };
  }
}
