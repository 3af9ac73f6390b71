/*
 * How every process sees the same market: the state is DERIVED, never stored.
 *
 * A pool's reserves at time t are a pure function of (seed, pool definition, t): the reference reserves
 * fix the constant product k, a seeded offset and a seeded drift(t) move the price, and the reserves are
 * re-derived from k at that price. There is no shared mutable state and no in-memory pool mutation, so an
 * API process quoting and a worker confirming at the same instant compute identical reserves without a
 * store or any coordination, a restart loses nothing, and a test replays a market exactly. The price paid
 * for this: trades do not move the pools for later trades (each trade's own impact is still exact).
 */
import { parseAmount } from '../amounts/amount.codec';
import { SeededRandom } from '../random/seeded-random';
import { tokenBySymbol } from '../tokens/token.constants';
import { isqrt } from './bigint-math';
import { PoolDefinition } from './pool.definitions';
import { PPM, priceMultiplierPpm } from './price-drift';

export interface PoolReserves {
  /** Base-token base units. */
  base: bigint;
  /** Quote-token base units. */
  quote: bigint;
}

/** Reserves at the reference price (no offset, no drift). */
export function referenceReserves(pool: PoolDefinition): PoolReserves {
  const base = tokenBySymbol(pool.base);
  const quote = tokenBySymbol(pool.quote);
  const baseUnits = parseAmount(pool.baseReserve, base.decimals);
  const quoteUnits = (baseUnits * parseAmount(pool.price, quote.decimals)) / 10n ** BigInt(base.decimals);
  return { base: baseUnits, quote: quoteUnits };
}

/**
 * With k = x0*y0 and price p = y/x scaled by m (ppm): x = sqrt(k/p) = sqrt(x0^2/m), y = sqrt(y0^2*m).
 * At m = 1 this returns the reference reserves exactly.
 */
export function reservesAt(random: SeededRandom, pool: PoolDefinition, atMs: number): PoolReserves {
  const { base: x0, quote: y0 } = referenceReserves(pool);
  const multiplier = priceMultiplierPpm(random, pool, atMs);
  return {
    base: isqrt((x0 * x0 * PPM) / multiplier),
    quote: isqrt((y0 * y0 * multiplier) / PPM),
  };
}
