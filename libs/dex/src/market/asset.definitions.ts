/** How one asset's USDC reference price moves; plain data, read by reference-price.ts. */
export interface ReferenceAsset {
  symbol: string;
  /** Human USDC per token around which the market moves. */
  price: string;
  /** Diffusion: the typical one-minute log move, in ppm (3000 = ±0.3% per minute, one sigma). */
  sigmaPpmPerMinute: bigint;
  /** Spread of the weekly anchors the walk is tied to (stops a long-running market wandering off). */
  anchorPpm: bigint;
  /** Mean number of jumps per hour; each jump is a log move of jumpPpm.min..max with a seeded sign. */
  jumpsPerHour: number;
  jumpPpm: { min: bigint; max: bigint };
}

const NO_JUMPS = { jumpsPerHour: 0, jumpPpm: { min: 0n, max: 0n } };

/** USDC is the numeraire: its price is 1 by definition and never moves. */
export const REFERENCE_ASSETS: readonly ReferenceAsset[] = [
  { symbol: 'USDC', price: '1', sigmaPpmPerMinute: 0n, anchorPpm: 0n, ...NO_JUMPS },
  { symbol: 'USDT', price: '1', sigmaPpmPerMinute: 20n, anchorPpm: 300n, ...NO_JUMPS },
  {
    symbol: 'SOL', price: '150', sigmaPpmPerMinute: 3_000n, anchorPpm: 50_000n,
    jumpsPerHour: 2, jumpPpm: { min: 10_000n, max: 30_000n },
  },
  {
    symbol: 'JUP', price: '0.8', sigmaPpmPerMinute: 4_000n, anchorPpm: 60_000n,
    jumpsPerHour: 1, jumpPpm: { min: 10_000n, max: 30_000n },
  },
  {
    symbol: 'RAY', price: '2.5', sigmaPpmPerMinute: 4_000n, anchorPpm: 60_000n,
    jumpsPerHour: 1, jumpPpm: { min: 10_000n, max: 30_000n },
  },
  {
    symbol: 'BONK', price: '0.00002', sigmaPpmPerMinute: 6_000n, anchorPpm: 80_000n,
    jumpsPerHour: 2, jumpPpm: { min: 10_000n, max: 40_000n },
  },
];

export function referenceAsset(symbol: string): ReferenceAsset {
  const asset = REFERENCE_ASSETS.find((candidate) => candidate.symbol === symbol);
  if (!asset) throw new Error(`no reference price for ${symbol}`);
  return asset;
}
