/**
 * Natural log and exp in 1e18 fixed point, on bigint only. The market's prices live in log space (a random
 * walk adds log-returns); these convert at the edges without a float ever touching state. Both are
 * deterministic to the last unit on every platform, which Math.exp/Math.log do not promise.
 */
import { floorDiv } from './bigint-math';

export const E18 = 10n ** 18n;
const E36 = E18 * E18;
export const LN2_E18 = 693_147_180_559_945_309n;
export const LN10_E18 = 2_302_585_092_994_045_684n;

/** e^(x / 1e18) × 1e18, floored; x within a few hundred (prices far beyond any market). */
export function expE18(x: bigint): bigint {
  // x = k·ln2 + r with |r| <= ln2/2, so the series converges in ~25 terms at 1e-36.
  const k = floorDiv(2n * x + LN2_E18, 2n * LN2_E18);
  const r = (x - k * LN2_E18) * E18; // 1e36 scale
  let term = E36;
  let sum = E36;
  for (let i = 1n; term !== 0n; i++) {
    term = (term * r) / (E36 * i);
    sum += term;
  }
  const scaled = k >= 0n ? sum << k : sum >> -k;
  return scaled / E18;
}

/** ln(y / 1e18) × 1e18 for y > 0, truncated toward zero within a few units of 1e-18. */
export function lnE18(y: bigint): bigint {
  if (y <= 0n) throw new RangeError('lnE18 of a non-positive number');
  // y = m·2^k with m in [1, 2): ln y = k·ln2 + 2·atanh((m − 1)/(m + 1)), and (m − 1)/(m + 1) <= 1/3.
  let k = BigInt(y.toString(2).length - E18.toString(2).length);
  let m = k >= 0n ? (y * E18) >> k : (y * E18) << -k; // 1e36 scale
  while (m >= 2n * E36) {
    m >>= 1n;
    k += 1n;
  }
  while (m < E36) {
    m <<= 1n;
    k -= 1n;
  }
  const z = ((m - E36) * E36) / (m + E36);
  const z2 = (z * z) / E36;
  let power = z;
  let sum = 0n;
  for (let n = 1n; power !== 0n; n += 2n) {
    sum += power / n;
    power = (power * z2) / E36;
  }
  return k * LN2_E18 + (2n * sum) / E18;
}

/** A non-negative decimal string ("150", "0.00002") in 1e18 fixed point, exactly; no u64 ceiling. */
export function decimalToE18(text: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,18}))?$/.exec(text);
  if (!match) throw new RangeError(`not a decimal with at most 18 places: ${text}`);
  return BigInt(match[1]) * E18 + BigInt((match[2] ?? '').padEnd(18, '0'));
}
