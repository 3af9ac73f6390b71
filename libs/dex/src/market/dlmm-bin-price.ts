/*
 * Bin prices as the program holds them: bin `id` of a pool with step s has price (1 + s/10000)^id, Y base
 * units per X base unit, as a Q64.64 fixed-point number (the program's u128 price, SCALE_OFFSET 64). It
 * is returned as numerator/denominator with the denominator 2^64, so a swap computes what the program
 * computes: X→Y out = floor(in × price >> 64), Y→X out = floor((in << 64) / price), required inputs
 * ceiled (dlmm.math.ts). The Q64.64 value is the exact power floored once (the program's own pow may
 * differ in the last bit); a bounded memo keeps the ~120 bins around the active one warm.
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

export const SCALE_OFFSET = 64n;
const ONE_Q64 = 1n << SCALE_OFFSET;

function exactBinPrice(binStep: number, id: number): BinPrice {
  if (!Number.isInteger(binStep) || binStep <= 0) throw new RangeError(`bad bin step ${binStep}`);
  const up = BASIS_POINT_MAX + BigInt(binStep);
  const divisor = gcd(up, BASIS_POINT_MAX);
  const [ratioUp, ratioDown] = [up / divisor, BASIS_POINT_MAX / divisor];
  const power = BigInt(Math.abs(id));
  const [num, den] = id >= 0 ? [ratioUp ** power, ratioDown ** power] : [ratioDown ** power, ratioUp ** power];
  const q64 = (num << SCALE_OFFSET) / den;
  // A price below 2^-64 is not representable; the program refuses such bins, here they hold 1 ulp.
  return { numerator: q64 > 0n ? q64 : 1n, denominator: ONE_Q64 };
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}
