export type VenueName = 'raydium' | 'meteora';

/** How a pool prices trades; only constant product for now (DLMM bins come with the fuller market). */
export type PoolKind = 'constant-product';

/** A pool as plain data: reserves at the reference price, before offset and drift. */
export interface PoolDefinition {
  id: string;
  venue: VenueName;
  kind: PoolKind;
  base: string; // symbol
  quote: string; // symbol
  /** Human amount of the base token held at the reference price. */
  baseReserve: string;
  /** Reference price, in human quote tokens per base token. */
  price: string;
  feeBps: bigint;
  /** Seeded constant offset from the reference price, in ppm; the sign is seeded too. */
  offsetPpm?: { min: bigint; max: bigint };
  /** Value-noise amplitudes (ppm): one shared by every pool of the pair, one per pool. */
  drift: { pairPpm: bigint; poolPpm: bigint };
}

const SOL_USDC_DRIFT = { pairPpm: 2_500n, poolPpm: 300n };
const STABLE_DRIFT = { pairPpm: 100n, poolPpm: 20n };
const JUP_USDC_DRIFT = { pairPpm: 4_000n, poolPpm: 500n };

/**
 * The market for now. Nothing pairs BONK or RAY, and there is no SOL/USDT pool: those pairs must give
 * NO_ROUTE (two-hop routes come with the fuller market).
 */
export const DEFAULT_POOLS: readonly PoolDefinition[] = [
  {
    id: 'raydium-amm-v4-sol-usdc', venue: 'raydium', kind: 'constant-product',
    base: 'SOL', quote: 'USDC', baseReserve: '20000', price: '150', feeBps: 25n, drift: SOL_USDC_DRIFT,
  },
  {
    // Offset 2-5% from Raydium so the venues disagree enough for routing to matter.
    id: 'meteora-sol-usdc', venue: 'meteora', kind: 'constant-product',
    base: 'SOL', quote: 'USDC', baseReserve: '15000', price: '150', feeBps: 10n,
    offsetPpm: { min: 20_000n, max: 50_000n }, drift: SOL_USDC_DRIFT,
  },
  {
    id: 'raydium-amm-v4-usdc-usdt', venue: 'raydium', kind: 'constant-product',
    base: 'USDC', quote: 'USDT', baseReserve: '5000000', price: '1', feeBps: 25n,
    offsetPpm: { min: 0n, max: 1_500n }, drift: STABLE_DRIFT,
  },
  {
    id: 'meteora-usdc-usdt', venue: 'meteora', kind: 'constant-product',
    base: 'USDC', quote: 'USDT', baseReserve: '4000000', price: '1', feeBps: 10n,
    offsetPpm: { min: 0n, max: 1_500n }, drift: STABLE_DRIFT,
  },
  {
    id: 'raydium-amm-v4-jup-usdc', venue: 'raydium', kind: 'constant-product',
    base: 'JUP', quote: 'USDC', baseReserve: '2000000', price: '0.8', feeBps: 25n, drift: JUP_USDC_DRIFT,
  },
];
