import { DynamicModule, Module } from '@nestjs/common';
import { CLOCK } from './clock/clock.interface';
import { SystemClock } from './clock/system-clock';
import { DEX_OPTIONS, DexOptions, DexOptionsInput, validateDexOptions } from './dex.options';
import { DexRouter } from './router/dex-router.service';
import { SimulatedChain } from './chain/simulated-chain.service';
import { TokenRegistry } from './tokens/token-registry.service';
import { createDefaultVenues } from './venues/default-venues.factory';
import { DEX_VENUES } from './venues/venue.interface';

export interface DexModuleAsyncOptions {
  /** Register the market once for the whole application (both roles do: orders and execution share it). */
  isGlobal?: boolean;
  imports?: any[];
  inject?: any[];
  useFactory: (...args: any[]) => DexOptionsInput | Promise<DexOptionsInput>;
}

/** The simulated market and chain. CLOCK is SystemClock unless a test overrides the provider. */
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
