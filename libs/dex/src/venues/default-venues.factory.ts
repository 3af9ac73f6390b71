import { DEFAULT_POOLS, PoolDefinition, VenueName } from '../market/pool.definitions';
import { SeededRandom } from '../random/seeded-random';
import { ConstantProductPool } from './constant-product.pool';
import { DlmmPool } from './dlmm.pool';
import { PoolQuoter } from './pool-quoter';
import { PoolsVenue } from './pools.venue';
import { Venue } from './venue.interface';

const VENUE_ORDER: readonly VenueName[] = ['raydium', 'meteora'];

/** The venues of the default market, in a fixed order (ties in routing go to the first). */
export function createDefaultVenues(seed: string, pools: readonly PoolDefinition[] = DEFAULT_POOLS): Venue[] {
  const random = new SeededRandom(seed);
  return VENUE_ORDER.map(
    (name) =>
      new PoolsVenue(
        name,
        pools.filter((pool) => pool.venue === name).map((pool) => createPoolQuoter(pool, random)),
      ),
  );
}

export function createPoolQuoter(pool: PoolDefinition, random: SeededRandom): PoolQuoter {
  return pool.kind === 'dlmm' ? new DlmmPool(pool, random) : new ConstantProductPool(pool, random);
}
