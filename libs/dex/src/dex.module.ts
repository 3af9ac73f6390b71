import { DynamicModule, Module } from '@nestjs/common';
import { CLOCK } from './clock/clock.interface';
import { SystemClock } from './clock/system-clock';
import { DEX_OPTIONS, DexOptions, validateDexOptions } from './dex.options';
import { DexRouter } from './router/dex-router.service';
import { SimulatedChain } from './chain/simulated-chain.service';
import { TokenRegistry } from './tokens/token-registry.service';
import { createDefaultVenues } from './venues/default-venues.factory';
import { DEX_VENUES } from './venues/venue.interface';

export interface DexModuleAsyncOptions {
  imports?: any[];
  inject?: any[];
  useFactory: (...args: any[]) => DexOptions | Promise<DexOptions>;
}

/** The simulated market and chain. CLOCK is SystemClock unless a test overrides the provider. */
@Module({})
export class DexModule {
  static forRootAsync(opts: DexModuleAsyncOptions): DynamicModule {
    return {
      module: DexModule,
      imports: opts.imports ?? [],
      providers: [
        {
          provide: DEX_OPTIONS,
          inject: opts.inject ?? [],
          useFactory: async (...args: unknown[]) => validateDexOptions(await opts.useFactory(...args)),
        },
        { provide: CLOCK, useClass: SystemClock },
        {
          provide: DEX_VENUES,
          inject: [DEX_OPTIONS],
          useFactory: (options: DexOptions) => createDefaultVenues(options.seed),
        },
        TokenRegistry,
        DexRouter,
        SimulatedChain,
      ],
      exports: [TokenRegistry, DexRouter, SimulatedChain, CLOCK, DEX_OPTIONS],
    };
  }
}
