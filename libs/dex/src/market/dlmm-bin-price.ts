/*
 * Bin prices as exact rationals: bin `id` of a pool with step s has price (1 + s/10000)^id, Y base units
 * per X base unit, held as numerator/denominator so a fill inside a bin is exact. Rounding happens only
 * where the program rounds: outputs are floored, required inputs ceiled (dlmm.math.ts). The numbers are
 * large (1001^1900 is ~19,000 bits) but bigint handles them in microseconds; a bounded memo keeps the
 * ~120 bins around the active one warm.
 */
import { floorDiv } from './bigint-math';
import { E18 } from './fixed-point.math';

export interface BinPrice {
  numerator: bigint;
  denominator: bigint;
}

const BASIS_POINT_MAX = 10_000n;
const MEMO_LIMIT = 4_096;
const memo = new Map<string, BinPrice>();

export function binPrice(binStep: number, id: number): BinPrice {
  const key = `${binStep}:${id}`;
  let price = memo.get(key);
  if (!price) {
    price = exactBinPrice(binStep, id);
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(key, price);
  }
  return price;
}

/** floor(price × 1e18), for logs and explanations only. */
export function binPriceE18(binStep: number, id: number): bigint {
  const { numerator, denominator } = binPrice(binStep, id);
  return (numerator * E18) / denominator;
}

/** The bin holding a price given as its natural log (1e18), i.e. floor(ln p / ln(1 + s/10000)). */
export function binIdForLogPrice(logPriceE18: bigint, binStepLogE18: bigint): number {
  return Number(floorDiv(logPriceE18, binStepLogE18));
}

function exactBinPrice(binStep: number, id: number): BinPrice {
  if (!Number.isInteger(binStep) || binStep <= 0) throw new RangeError(`bad bin step ${binStep}`);
  const up = BASIS_POINT_MAX + BigInt(binStep);
  const divisor = gcd(up, BASIS_POINT_MAX);
  const [ratioUp, ratioDown] = [up / divisor, BASIS_POINT_MAX / divisor];
  const power = BigInt(Math.abs(id));
  return id >= 0
    ? { numerator: ratioUp ** power, denominator: ratioDown ** power }
    : { numerator: ratioDown ** power, denominator: ratioUp ** power };
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}
