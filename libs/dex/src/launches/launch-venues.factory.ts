import { DEFAULT_POOLS, PoolDefinition } from '../market/pool.definitions';
import { createDefaultVenues } from '../venues/default-venues.factory';
import { Venue } from '../venues/venue.interface';
import { GraduatedPoolsVenue } from './graduated-pools.venue';
import { LaunchCatalog } from './launch-catalog.service';
import { LaunchpadVenue } from './launchpad.venue';

/** The default market with launches: Raydium (with graduated launches' pools), Meteora, and the launchpad. */
export function createMarketVenues(seed: string, catalog: LaunchCatalog, pools: readonly PoolDefinition[] = DEFAULT_POOLS): Venue[] {
  return createDefaultVenues(seed, pools).map((venue) => (venue.name === 'raydium' ? new GraduatedPoolsVenue(venue, catalog) : venue))
    .concat(new LaunchpadVenue(catalog));
}
