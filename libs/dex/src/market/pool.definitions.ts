export type VenueName = 'raydium' | 'meteora' | 'launchpad';

/**
 * The program a pool runs: Raydium AMM v4 and CPMM share the constant-product curve; Meteora DLMM has
 * bins; the launchpad sells a new token along a bonding curve.
 */
export type PoolKind = 'amm-v4' | 'cpmm' | 'dlmm' | 'bonding-curve';

interface PoolCommon {
  id: string;
  venue: VenueName;
  base: string; // symbol; DLMM's token X
  quote: string; // symbol; DLMM's token Y
  /** Seeded constant offset from the reference price (log ppm); the sign is seeded too. */
  offsetPpm?: { min: bigint; max: bigint };
  /** Spread (log ppm) of each background trade's push on this pool, which arbitrage then unwinds. */
  noisePpm: bigint;
}

/** Reserves follow the price with k fixed: baseReserve human base tokens at the reference price. */
export interface AmmV4PoolDefinition extends PoolCommon {
  kind: 'amm-v4';
  baseReserve: string;
  feeBps: bigint;
}

export interface CpmmPoolDefinition extends PoolCommon {
  kind: 'cpmm';
  baseReserve: string;
  /** Parts per million: 100, 500, 2500 or 10000 (Raydium's CPMM fee tiers). */
  feePpm: bigint;
}

/** Meteora's per-pool fee parameters, as in its LbPair static parameters. */
export interface DlmmFeeParams {
  /** Base fee = baseFactor × binStep / 1e8 of the input. */
  baseFactor: bigint;
  variableFeeControl: bigint;
  maxVolatilityAccumulator: bigint;
  /** Bin moves inside one filter period accumulate against the same reference bin. */
  filterPeriodMs: number;
  /** Share (of 10000) of the accumulator carried into the next period. */
  reductionFactor: bigint;
}

/**
 * Liquidity "Spot"-shaped around the active bin, and re-centred on it as the price moves (LPs rebalance):
 * binsEachSide bins below the active one hold quoteBinAmount of Y each, as many above hold baseBinAmount
 * of X each, and the active bin holds both in the proportion of where the price sits inside it.
 */
export interface DlmmPoolDefinition extends PoolCommon {
  kind: 'dlmm';
  binStep: number;
  binsEachSide: number;
  baseBinAmount: string;
  quoteBinAmount: string;
  fees: DlmmFeeParams;
}

export type ConstantProductPoolDefinition = AmmV4PoolDefinition | CpmmPoolDefinition;
export type PoolDefinition = ConstantProductPoolDefinition | DlmmPoolDefinition;

/** Bin step 10 (0.1%): 0.08% base fee, variable fee up to ~0.5% after 35 bins of movement. */
const VOLATILE_DLMM_FEES: DlmmFeeParams = {
  baseFactor: 8_000n, variableFeeControl: 40_000n, maxVolatilityAccumulator: 350_000n,
  filterPeriodMs: 30_000, reductionFactor: 5_000n,
};
/** Bin step 1 (0.01%): 0.01% base fee, variable fee capped near 0.02%. */
const STABLE_DLMM_FEES: DlmmFeeParams = {
  baseFactor: 10_000n, variableFeeControl: 2_000_000n, maxVolatilityAccumulator: 100_000n,
  filterPeriodMs: 30_000, reductionFactor: 5_000n,
};

/**
 * MARKET.md's default market. There is no SOL/USDT and no BONK/USDC pool: routes reach those in two hops.
 * Meteora's SOL/USDC sits 0.03–0.10% off Raydium's (seeded sign): less than the fee gap between the venues
 * (0.25% vs 0.08%), so order size, not a standing arbitrage, decides where an order goes.
 */
export const DEFAULT_POOLS: readonly PoolDefinition[] = [
  {
    id: 'raydium-amm-v4-sol-usdc', venue: 'raydium', kind: 'amm-v4', base: 'SOL', quote: 'USDC',
    baseReserve: '20000', feeBps: 25n, noisePpm: 150n,
  },
  {
    id: 'meteora-dlmm-sol-usdc', venue: 'meteora', kind: 'dlmm', base: 'SOL', quote: 'USDC',
    binStep: 10, binsEachSide: 60, baseBinAmount: '15', quoteBinAmount: '2250', fees: VOLATILE_DLMM_FEES,
    offsetPpm: { min: 300n, max: 1_000n }, noisePpm: 150n,
  },
  {
    id: 'raydium-cpmm-usdc-usdt', venue: 'raydium', kind: 'cpmm', base: 'USDC', quote: 'USDT',
    baseReserve: '10000000', feePpm: 100n, noisePpm: 20n,
  },
  {
    id: 'meteora-dlmm-usdc-usdt', venue: 'meteora', kind: 'dlmm', base: 'USDC', quote: 'USDT',
    binStep: 1, binsEachSide: 50, baseBinAmount: '400000', quoteBinAmount: '400000', fees: STABLE_DLMM_FEES,
    offsetPpm: { min: 0n, max: 100n }, noisePpm: 20n,
  },
  {
    id: 'raydium-amm-v4-jup-usdc', venue: 'raydium', kind: 'amm-v4', base: 'JUP', quote: 'USDC',
    baseReserve: '2000000', feeBps: 25n, noisePpm: 300n,
  },
  {
    id: 'raydium-amm-v4-bonk-sol', venue: 'raydium', kind: 'amm-v4', base: 'BONK', quote: 'SOL',
    baseReserve: '30000000000', feeBps: 25n, noisePpm: 400n,
  },
  {
    id: 'raydium-cpmm-ray-usdc', venue: 'raydium', kind: 'cpmm', base: 'RAY', quote: 'USDC',
    baseReserve: '400000', feePpm: 2_500n, noisePpm: 300n,
  },
];
