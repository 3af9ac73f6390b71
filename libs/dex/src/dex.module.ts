import { DynamicModule, Module } from '@nestjs/common';
import { CLOCK } from './clock/clock.interface';
import { SystemClock } from './clock/system-clock';
import { DEX_OPTIONS, DexOptions, DexOptionsInput, validateDexOptions } from './dex.options';
import { DexRouter } from './router/dex-router.service';
import { SimulatedChain } from './chain/simulated-chain.service';
import { LaunchCatalog } from './launches/launch-catalog.service';
import { createMarketVenues } from './launches/launch-venues.factory';
import { TokenRegistry } from './tokens/token-registry.service';
import { DEX_VENUES } from './venues/venue.interface';

export interface DexModuleAsyncOptions {
  /** Register the market once for the whole application (both roles do: orders and execution share it). */
  isGlobal?: boolean;
  imports?: any[];
  inject?: any[];
  useFactory: (...args: any[]) => DexOptionsInput | Promise<DexOptionsInput>;
}

/**
 * The simulated market and chain. CLOCK is SystemClock unless a test overrides the provider. The
 * LaunchCatalog keeps ad-hoc launches in the LAUNCH_STORE when a (global) module provides one
 * (libs/launches does), else in the process.
 */
@Module({})
export class DexModule {
  static forRootAsync(opts: DexModuleAsyncOptions): DynamicModule {
    return {
      module: DexModule,
      global: opts.isGlobal ?? false,
      imports: opts.imports ?? [],
      providers: [
        {
          provide: DEX_OPTIONS,
          inject: opts.inject ?? [],
          useFactory: async (...args: unknown[]) => validateDexOptions(await opts.useFactory(...args)),
        },
        { provide: CLOCK, useClass: SystemClock },
        LaunchCatalog,
        {
          provide: DEX_VENUES,
          inject: [DEX_OPTIONS, LaunchCatalog],
          useFactory: (options: DexOptions, launches: LaunchCatalog) => createMarketVenues(options.seed, launches),
        },
        TokenRegistry,
        DexRouter,
        SimulatedChain,
      ],
      exports: [TokenRegistry, DexRouter, SimulatedChain, LaunchCatalog, CLOCK, DEX_OPTIONS],
    };
  }
}
