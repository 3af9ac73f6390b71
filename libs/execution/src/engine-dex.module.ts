import { DynamicModule } from '@nestjs/common';
import { simulationConfig, SimulationConfig } from '@app/config';
import { DexModule, ForcedFailure } from '@app/dex';

/**
 * The simulated market configured from the SIM_* settings. Imported once per app and global, so
 * that orders and execution share one router, chain and token list.
 */
export const EngineDexModule: DynamicModule = {
  ...DexModule.forRootAsync({
    inject: [simulationConfig.KEY],
    useFactory: (sim: SimulationConfig) => ({
      seed: sim.seed,
      latency: sim.latency,
      faultRate: sim.faultRate,
      congestion: sim.congestion,
      faults: sim.faults,
      failOrders: sim.failOrders as ForcedFailure[],
    }),
  }),
  global: true,
};
