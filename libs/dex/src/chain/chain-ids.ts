import { ExecutionContext } from '../execution-context.interface';
import { SeededRandom } from '../random/seeded-random';
import { encodeBase58 } from './base58';

/**
 * The transaction signature of an attempt: resubmitting the same attempt is the same transaction.
 * A 64-byte value below 58^86 would print in 86 characters or fewer, so the first byte is kept non-zero
 * (2^504 > 58^86): every signature is 87-88 characters like mainnet's.
 */
export function signatureFor(random: SeededRandom, ctx: ExecutionContext): string {
  const bytes = random.bytes(64, 'signature', ctx.orderId, ctx.attempt);
  if (bytes[0] === 0) bytes[0] = 1;
  return encodeBase58(bytes);
}

/** The blockhash of a slot: every process agrees on it. */
export function blockhashFor(random: SeededRandom, slot: number): string {
  return encodeBase58(random.bytes(32, 'blockhash', slot));
}
