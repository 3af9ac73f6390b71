import { DEFAULT_POOLS, PoolDefinition, VenueName } from '../market/pool.definitions';
import { SeededRandom } from '../random/seeded-random';
import { ConstantProductVenue } from './constant-product.venue';
import { Venue } from './venue.interface';

const VENUE_ORDER: readonly VenueName[] = ['raydium', 'meteora'];

/** The venues of the default market, in a fixed order (ties in routing go to the first). */
export function createDefaultVenues(seed: string, pools: readonly PoolDefinition[] = DEFAULT_POOLS): Venue[] {
  const random = new SeededRandom(seed);
  return VENUE_ORDER.map(
    (name) => new ConstantProductVenue(name, pools.filter((pool) => pool.venue === name), random),
  );
}
