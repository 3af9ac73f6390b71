import { SimulatedChain } from '../chain/simulated-chain.service';
import { Confirmation } from '../chain/chain.types';
import { DexOptions, validateDexOptions } from '../dex.options';
import { ExecutionContext } from '../execution-context.interface';
import { LaunchCatalog } from '../launches/launch-catalog.service';
import { createMarketVenues } from '../launches/launch-venues.factory';
import { DEFAULT_POOLS, PoolDefinition } from '../market/pool.definitions';
import { DexRouter } from '../router/dex-router.service';
import { Token } from '../tokens/token.constants';
import { TokenRegistry } from '../tokens/token-registry.service';
import { Venue } from '../venues/venue.interface';
import { FakeClock } from './fake-clock';

/** 2025-06-15T15:06:40Z: any fixed moment works; fixing one keeps specs reproducible. */
export const TEST_START_MS = 1_750_000_000_000;

export interface TestDex {
  options: DexOptions;
  clock: FakeClock;
  venues: Venue[];
  router: DexRouter;
  chain: SimulatedChain;
  registry: TokenRegistry;
  launches: LaunchCatalog;
  token(symbol: string): Token;
}

/**
 * The library wired by hand around a FakeClock (specs that test the Nest wiring use DexModule);
 * `pools` replaces the default market's pools, for specs that need another pair graph.
 */
export function createTestDex(
  overrides: Partial<DexOptions> = {},
  startMs = TEST_START_MS,
  pools: readonly PoolDefinition[] = DEFAULT_POOLS,
): TestDex {
  const options = validateDexOptions({ seed: 'test-seed', latency: 'off', faultRate: 0, ...overrides });
  const clock = new FakeClock(startMs);
  const launches = new LaunchCatalog(options, clock);
  const venues = createMarketVenues(options.seed, launches, pools);
  const registry = new TokenRegistry(launches);
  return {
    options,
    clock,
    venues,
    router: new DexRouter(options, clock, venues),
    chain: new SimulatedChain(options, clock, venues, registry),
    registry,
    launches,
    token: (symbol) => {
      const token = registry.resolve(symbol);
      if (!token) throw new Error(`no token ${symbol}`);
      return token;
    },
  };
}

/** One attempt end to end, as the engine runs it: quote, build, send, confirm. */
export async function executeAttempt(
  dex: TestDex,
  pair: [string, string],
  amountIn: bigint,
  slippageBps: number,
  ctx: ExecutionContext,
): Promise<Confirmation> {
  const route = await dex.router.quote(dex.token(pair[0]), dex.token(pair[1]), amountIn, ctx);
  const built = await dex.chain.build(route, slippageBps, ctx);
  const submitted = await dex.chain.send(built, ctx);
  return dex.chain.confirm(built, submitted, ctx);
}
