/** Integer helpers the programs use: ceil for what the trader pays, floor for what the trader gets. */

export function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('ceilDiv needs a positive denominator');
  if (numerator <= 0n) return -(-numerator / denominator);
  return (numerator + denominator - 1n) / denominator;
}

/** Floor division for negatives too (bigint `/` truncates toward zero). */
export function floorDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('floorDiv needs a positive denominator');
  const quotient = numerator / denominator;
  return numerator % denominator < 0n ? quotient - 1n : quotient;
}

/** floor(sqrt(n)) by Newton's method on bigint; exact for any size. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number');
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length + 1) >> 1); // a power of two >= sqrt(n)
  for (;;) {
    const next = (x + n / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}

/**
 * A small non-negative bigint ratio (bps, slots) as a JS number. Only for ratios and counters: amounts
 * stay bigint end to end.
 */
export function smallToNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${value} does not fit a safe integer`);
  }
  return Number(value);
}
