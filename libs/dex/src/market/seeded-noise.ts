import { RandomKey, SeededRandom } from '../random/seeded-random';

const DRAWS = 12n;
const U16_MAX = 65_535n;

/**
 * A seeded, roughly normal draw scaled to `std` (same unit as std), from the sum of twelve uniform 16-bit
 * values of one sha256 (Irwin–Hall: variance 12 × 1/12 = 1 in units of 2^16). Integer-only, so every
 * process gets the same value; the tails stop at ±6 std, which a price model does not miss.
 */
export function gaussian(random: SeededRandom, std: bigint, ...keys: RandomKey[]): bigint {
  if (std === 0n) return 0n;
  const bytes = random.bytes(Number(DRAWS) * 2, 'price', ...keys);
  let sum = 0; // at most 12 × 65535: exact as a number
  for (let i = 0; i < Number(DRAWS); i++) sum += bytes.readUInt16BE(i * 2);
  return ((2n * BigInt(sum) - DRAWS * U16_MAX) * std) / (2n * (U16_MAX + 1n));
}
