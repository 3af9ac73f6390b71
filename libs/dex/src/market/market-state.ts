/*
 * How every process sees the same market: the state is DERIVED from (seed, pool, time), never stored.
 *
 * A constant-product pool's reserves at t: its reference reserves fix k, the pool's price at t (reference
 * walk, offset and background trades: see pool-price.ts) fixes the ratio, and the reserves are re-derived
 * from k at that price. There is no shared mutable state, so an API process quoting and a worker confirming
 * at the same instant compute identical reserves without a store or any coordination, a restart loses
 * nothing, and a test replays a market exactly. The price paid: an engine order does not move the pool
 * for later orders (its own impact is still exact; background trades stand in for everyone else's).
 */
import { parseAmount } from '../amounts/amount.codec';
import { SeededRandom } from '../random/seeded-random';
import { tokenBySymbol } from '../tokens/token.constants';
import { referenceAsset } from './asset.definitions';
import { isqrt } from './bigint-math';
import { decimalToE18, E18, expE18 } from './fixed-point.math';
import { ConstantProductPoolDefinition } from './pool.definitions';
import { poolDeviationE18 } from './pool-price';

export interface PoolReserves {
  /** Base-token base units. */
  base: bigint;
  /** Quote-token base units. */
  quote: bigint;
}

/** Reserves at the reference price: baseReserve, and its value in quote at the assets' base prices. */
export function referenceReserves(pool: ConstantProductPoolDefinition): PoolReserves {
  const base = tokenBySymbol(pool.base);
  const quote = tokenBySymbol(pool.quote);
  const baseUnits = parseAmount(pool.baseReserve, base.decimals);
  const basePrice = decimalToE18(referenceAsset(pool.base).price);
  const quotePrice = decimalToE18(referenceAsset(pool.quote).price);
  const quoteUnits =
    (baseUnits * basePrice * 10n ** BigInt(quote.decimals)) / (quotePrice * 10n ** BigInt(base.decimals));
  return { base: baseUnits, quote: quoteUnits };
}

/**
 * With k = x0*y0 and the price scaled by m (1e18 = unchanged): x = sqrt(x0^2/m), y = sqrt(y0^2*m), both
 * floored, so k never grows. At m = 1 this returns the reference reserves exactly.
 */
export function reservesAt(random: SeededRandom, pool: ConstantProductPoolDefinition, atMs: number): PoolReserves {
  const { base: x0, quote: y0 } = referenceReserves(pool);
  const multiplier = expE18(poolDeviationE18(random, pool, atMs));
  return {
    base: isqrt((x0 * x0 * E18) / multiplier),
    quote: isqrt((y0 * y0 * multiplier) / E18),
  };
}
