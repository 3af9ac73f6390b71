/*
 * Meteora DLMM exact-in swap over discrete bins, with the program's fee arithmetic (1e9 precision):
 * - base fee rate = baseFactor × binStep × 10; variable fee rate = ceil((va × binStep)² × vfc / 1e11),
 *   where the volatility accumulator va = vr + |indexReference − bin| × 10000 grows as a swap (or the
 *   market) moves bins; the total is capped at 10%.
 * - For each bin: the input that takes all of its output-side inventory is ceil(out / price); its fee is
 *   ceil(in × rate / (1e9 − rate)). If the rest of the order covers both, the bin is emptied and the swap
 *   moves on (X→Y to id − 1, Y→X to id + 1); otherwise fee = ceil(rest × rate / 1e9) and the output of
 *   the rest, floored, ends the swap. Fees round up, outputs down, required inputs up.
 */
import { DexError, DexErrorCode } from '../errors/dex.error';
import { DlmmFeeParams } from './pool.definitions';
import { ceilDiv, smallToNumber } from './bigint-math';
import { binPrice, BinPrice } from './dlmm-bin-price';

export const FEE_PRECISION = 1_000_000_000n;
export const MAX_FEE_RATE = 100_000_000n; // 10%
const BASIS_POINT_MAX = 10_000n;
const BPS = 10_000n;

/** One bin's inventory: x of the base token (X), y of the quote token (Y), in base units. */
export interface DlmmBin {
  x: bigint;
  y: bigint;
}

export interface DlmmSwapState {
  binStep: number;
  activeId: number;
  bins: ReadonlyMap<number, DlmmBin>;
  fees: DlmmFeeParams;
  /** Accumulator carried over from the previous filter period (the program's volatility_reference). */
  volatilityReference: bigint;
  /** The bin moves are measured from (the program's index_reference). */
  indexReference: number;
}

export interface DlmmSwapResult {
  amountOut: bigint;
  /** In input base units, summed over the bins. */
  feeAmount: bigint;
  /** Fee excluded, against the active bin's price. */
  priceImpactBps: number;
  /** Bins that gave output, the active one included. */
  binsUsed: number;
}

/** Total fee rate (of 1e9) charged on input swapped in bin `binId`. */
export function feeRateAt(state: DlmmSwapState, binId: number): bigint {
  const { fees, binStep } = state;
  const step = BigInt(binStep);
  const moved = BigInt(Math.abs(state.indexReference - binId)) * BASIS_POINT_MAX;
  const accumulator = min(state.volatilityReference + moved, fees.maxVolatilityAccumulator);
  const base = fees.baseFactor * step * 10n;
  const variable = ceilDiv((accumulator * step) ** 2n * fees.variableFeeControl, 100_000_000_000n);
  return min(base + variable, MAX_FEE_RATE);
}

export function dlmmSwapExactIn(state: DlmmSwapState, xToY: boolean, amountIn: bigint): DlmmSwapResult {
  if (amountIn <= 0n) throw new RangeError('amountIn must be positive');
  let [remaining, amountOut, feeAmount, binsUsed, id] = [amountIn, 0n, 0n, 0, state.activeId];
  while (remaining > 0n) {
    const bin = state.bins.get(id);
    if (!bin) throw exhausted(amountIn, amountIn - remaining, amountOut);
    const fill = fillBin(bin, binPrice(state.binStep, id), feeRateAt(state, id), xToY, remaining);
    [remaining, amountOut, feeAmount] = [remaining - fill.used, amountOut + fill.out, feeAmount + fill.fee];
    if (fill.out > 0n) binsUsed++;
    id += xToY ? -1 : 1;
  }
  const spotOut = outputAt(amountIn - feeAmount, binPrice(state.binStep, state.activeId), xToY);
  return { amountOut, feeAmount, priceImpactBps: impactBps(spotOut, amountOut), binsUsed };
}

interface BinFill {
  /** Input consumed, fee included. */
  used: bigint;
  fee: bigint;
  out: bigint;
}

function fillBin(bin: DlmmBin, price: BinPrice, rate: bigint, xToY: boolean, remaining: bigint): BinFill {
  const available = xToY ? bin.y : bin.x;
  if (available === 0n) return { used: 0n, fee: 0n, out: 0n };
  const maxIn = xToY
    ? ceilDiv(available * price.denominator, price.numerator)
    : ceilDiv(available * price.numerator, price.denominator);
  const maxFee = ceilDiv(maxIn * rate, FEE_PRECISION - rate);
  if (remaining >= maxIn + maxFee) return { used: maxIn + maxFee, fee: maxFee, out: available };
  const fee = ceilDiv(remaining * rate, FEE_PRECISION);
  // Rounding can make the floored output of a near-full fill reach past the bin; the bin is the limit.
  const out = min(outputAt(remaining - fee, price, xToY), available);
  return { used: remaining, fee, out };
}

/** Output of `amount` at one bin's price, floored. */
export function outputAt(amount: bigint, price: BinPrice, xToY: boolean): bigint {
  return xToY
    ? (amount * price.numerator) / price.denominator
    : (amount * price.denominator) / price.numerator;
}

function impactBps(spotOut: bigint, amountOut: bigint): number {
  if (spotOut <= amountOut) return 0;
  return smallToNumber((2n * (spotOut - amountOut) * BPS + spotOut) / (2n * spotOut));
}

function exhausted(amountIn: bigint, filledIn: bigint, amountOut: bigint): DexError {
  return new DexError(DexErrorCode.INSUFFICIENT_LIQUIDITY, 'the swap ran out of bins before it was filled', {
    amountIn: amountIn.toString(),
    filledIn: filledIn.toString(),
    amountOut: amountOut.toString(),
  });
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
