import * as crypto from 'crypto';

/** Each concern draws from its own keyed stream, so adding draws to one concern never shifts another. */
export type RandomConcern =
  | 'price'
  | 'offset'
  | 'latency'
  | 'fault'
  | 'signature'
  | 'blockhash'
  | 'landing'
  | 'launch';

export type RandomKey = string | number | bigint;

const PPM = 1_000_000;

// The one-shot crypto.hash (Node 20.12+) where there is one: the simulation draws a few dozen times
// an order, and it skips building a Hash object per draw; the digest is the same either way.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash;
const sha256 = (material: string): Buffer =>
  oneShot ? oneShot('sha256', material, 'buffer') : crypto.createHash('sha256').update(material).digest();

/**
 * Stateless, hash-based randomness: a value is sha256(seed, concern, keys), so the same question gets the
 * same answer in every process and at every call, with no generator state to share or persist.
 */
export class SeededRandom {
  constructor(readonly seed: string) {}

  /** `length` pseudo-random bytes; blocks of sha256 chained with a counter. */
  bytes(length: number, concern: RandomConcern, ...keys: RandomKey[]): Buffer {
    const blocks: Buffer[] = [];
    for (let block = 0; blocks.length * 32 < length; block++) {
      // JSON keeps the key tuple unambiguous ("a|b","c" never collides with "a","b|c").
      const material = JSON.stringify([this.seed, concern, keys.map(String), block]);
      blocks.push(sha256(material));
    }
    // Most draws fit one block: no copy.
    return (blocks.length === 1 ? blocks[0] : Buffer.concat(blocks)).subarray(0, length);
  }

  u32(concern: RandomConcern, ...keys: RandomKey[]): number {
    return this.bytes(4, concern, ...keys).readUInt32BE(0);
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number, concern: RandomConcern, ...keys: RandomKey[]): number {
    return min + (this.u32(concern, ...keys) % (max - min + 1));
  }

  /** Uniform bigint in [min, max], both inclusive (64 bits of entropy, ample for ppm-sized ranges). */
  bigint(min: bigint, max: bigint, concern: RandomConcern, ...keys: RandomKey[]): bigint {
    const draw = this.bytes(8, concern, ...keys).readBigUInt64BE(0);
    return min + (draw % (max - min + 1n));
  }

  /** True with the given probability (0..1), resolved to parts per million. */
  chance(probability: number, concern: RandomConcern, ...keys: RandomKey[]): boolean {
    const thresholdPpm = Math.round(probability * PPM);
    return this.u32(concern, ...keys) % PPM < thresholdPpm;
  }
}
