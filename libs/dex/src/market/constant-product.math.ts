import { ceilDiv, smallToNumber } from './bigint-math';

export const BPS = 10_000n;
export const PPM = 1_000_000n;

/** A trade fee as a fraction: AMM v4 counts in bps (25/10000), CPMM in ppm (2500/1000000). */
export interface FeeRate {
  numerator: bigint;
  denominator: bigint;
}

export interface ExactInResult {
  /** Charged on the input, in input base units, rounded up. */
  feeAmount: bigint;
  /** Rounded down. */
  amountOut: bigint;
  /** Fee excluded, against the pool's spot price, integer bps (half up). */
  priceImpactBps: number;
}

/**
 * Raydium AMM v4 swap_base_in, exactly: fee = ceil(in * fee / 10000); in' = in - fee;
 * out = floor(Rout * in' / (Rin + in')).
 */
export function swapExactIn(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: bigint): ExactInResult {
  return swapExactInAtRate(amountIn, reserveIn, reserveOut, { numerator: feeBps, denominator: BPS });
}

/** The same curve at any fee fraction: Raydium CPMM is this with fee = ceil(in * ppm / 1e6). */
export function swapExactInAtRate(
  amountIn: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  fee: FeeRate,
): ExactInResult {
  if (amountIn <= 0n) throw new RangeError('amountIn must be positive');
  if (reserveIn <= 0n || reserveOut <= 0n) throw new RangeError('reserves must be positive');
  const feeAmount = ceilDiv(amountIn * fee.numerator, fee.denominator);
  const netIn = amountIn - feeAmount;
  const amountOut = (reserveOut * netIn) / (reserveIn + netIn);
  return { feeAmount, amountOut, priceImpactBps: impactBps(netIn, reserveIn) };
}

/**
 * Against the spot price Rout/Rin the net input would buy netIn*Rout/Rin; the curve gives
 * Rout*netIn/(Rin+netIn), so the shortfall is exactly netIn/(Rin+netIn).
 */
function impactBps(netIn: bigint, reserveIn: bigint): number {
  const denominator = reserveIn + netIn;
  return smallToNumber((2n * netIn * BPS + denominator) / (2n * denominator));
}

/** floor(out * (10000 - slippageBps) / 10000): the least the trader accepts. */
export function minAmountOutFor(quotedOut: bigint, slippageBps: number): bigint {
  if (!Number.isInteger(slippageBps) || slippageBps < 0 || slippageBps > 10_000) {
    throw new RangeError(`slippageBps must be an integer in 0..10000, got ${slippageBps}`);
  }
  return (quotedOut * (BPS - BigInt(slippageBps))) / BPS;
}
