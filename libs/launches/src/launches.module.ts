import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LAUNCH_STORE } from '@app/dex';
import { LaunchesController } from './http/launches.controller';
import { SimLaunchesController } from './http/sim-launches.controller';
import { LaunchesService } from './launches.service';
import { LaunchesRepository } from './persistence/launches.repository';

export interface LaunchesModuleOptions {
  /** GET /api/launches (the api role); the worker needs only the store. */
  http: boolean;
  /** SIM_LAUNCHES_API: also POST /api/sim/launches. */
  simApi?: boolean;
}

/**
 * Token launches for the apps: the Postgres LaunchStore behind the dex's LaunchCatalog (global, so
 * the (global) DexModule finds it: ad-hoc launches reach every process) and the HTTP endpoints.
 * Needs the global DexModule and DatabaseModule from the app.
 */
@Module({})
export class LaunchesModule {
  static forRoot(options: LaunchesModuleOptions): DynamicModule {
    return {
      module: LaunchesModule,
      global: true,
      providers: [
        { provide: LAUNCH_STORE, inject: [getDataSourceToken()], useFactory: (db: DataSource) => new LaunchesRepository(db) },
        LaunchesService,
      ],
      controllers: options.http ? [LaunchesController, ...(options.simApi ? [SimLaunchesController] : [])] : [],
      exports: [LAUNCH_STORE, LaunchesService],
    };
  }
}
