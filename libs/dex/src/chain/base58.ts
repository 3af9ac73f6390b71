const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** 58^5: a limb of five base-58 digits. A limb times 65536 plus a carry stays far below 2^53. */
const LIMB = 656_356_768;

/**
 * Bitcoin-alphabet base58, as Solana prints signatures, blockhashes and addresses.
 *
 * Base conversion on plain numbers: the bytes, two at a time, are folded into little-endian
 * limbs of five base-58 digits (limbs = limbs * 65536 + pair), then each limb is written out.
 * Every order's signature goes through here, so it avoids BigInt division (see docs/performance.md).
 */
export function encodeBase58(bytes: Uint8Array): string {
  // Each leading zero byte is written as a leading '1'.
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const limbs: number[] = [];
  let i = zeros;
  if ((bytes.length - zeros) % 2 === 1) fold(limbs, bytes[i++], 256);
  for (; i < bytes.length; i += 2) fold(limbs, bytes[i] * 256 + bytes[i + 1], 65536);
  let out = '1'.repeat(zeros);
  for (let j = limbs.length - 1; j >= 0; j--) out += limbDigits(limbs[j], j < limbs.length - 1);
  return out;
}

/** limbs = limbs * base + value, in place. Quotients are exact: every operand is below 2^47. */
function fold(limbs: number[], value: number, base: number): void {
  let carry = value;
  for (let j = 0; j < limbs.length; j++) {
    carry += limbs[j] * base;
    const q = Math.floor(carry / LIMB);
    limbs[j] = carry - q * LIMB;
    carry = q;
  }
  while (carry > 0) {
    const q = Math.floor(carry / LIMB);
    limbs.push(carry - q * LIMB);
    carry = q;
  }
}

/** Five base-58 digits of a limb; the most significant limb without its leading zeros. */
function limbDigits(limb: number, pad: boolean): string {
  let s = '';
  for (let k = 0; k < 5 && (pad || limb > 0); k++) {
    const d = limb % 58;
    s = ALPHABET[d] + s;
    limb = (limb - d) / 58;
  }
  return s;
}
