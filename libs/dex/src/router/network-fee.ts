import { ceilDiv } from '../market/bigint-math';

export const SIGNATURE_FEE_LAMPORTS = 5_000n;
export const COMPUTE_UNIT_PRICE_MICRO_LAMPORTS = 50_000n;
/** Compute budget, on top of which each swap instruction adds its own. */
const BASE_COMPUTE_UNITS = 40_000n;
/** Measured orders of magnitude of the real programs: a bin walk costs more than a curve. */
const LEG_COMPUTE_UNITS: Record<string, bigint> = { raydium: 60_000n, meteora: 90_000n };
const DEFAULT_LEG_COMPUTE_UNITS = 80_000n;

/** The compute-unit limit a route's transaction asks for. */
export function computeUnitsFor(venues: readonly string[]): bigint {
  return venues.reduce((sum, venue) => sum + (LEG_COMPUTE_UNITS[venue] ?? DEFAULT_LEG_COMPUTE_UNITS), BASE_COMPUTE_UNITS);
}

/**
 * One signature plus the priority fee for the compute budget at the default price; paid by any
 * transaction that lands. A chosen price or tip: networkFeesFor in fees/network-fees.ts.
 */
export function networkFeeLamports(computeUnits: bigint): bigint {
  return SIGNATURE_FEE_LAMPORTS + ceilDiv(computeUnits * COMPUTE_UNIT_PRICE_MICRO_LAMPORTS, 1_000_000n);
}
