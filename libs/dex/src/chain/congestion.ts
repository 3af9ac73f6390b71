import { COMPUTE_UNIT_PRICE_MICRO_LAMPORTS } from '../router/network-fee';
import { SeededRandom } from '../random/seeded-random';

/** Congestion changes per window of this many slots (about a minute). */
const WINDOW_SLOTS = 150;
/** The priority price at which congestion delays apply in full; paying more shortens them. */
const REFERENCE_PRICE_MICRO_LAMPORTS = 50_000n;

/**
 * Extra slots a transaction waits before landing, for the congestion of its window: most windows
 * are calm (none), some busy (a few slots), and about 2% jammed (100-250 slots, so transactions
 * sent then outlive their blockhash and expire). A higher priority fee shortens the wait in
 * proportion. Seeded per window, so every process sees the same congestion at the same slot.
 */
export function congestionSlots(
  random: SeededRandom,
  submitSlot: number,
  priceMicroLamports: bigint = COMPUTE_UNIT_PRICE_MICRO_LAMPORTS,
): number {
  const window = Math.floor(submitSlot / WINDOW_SLOTS);
  const level = random.int(0, 99, 'landing', 'congestion', window);
  const base = level < 2 ? random.int(100, 250, 'landing', 'jam', window) : level < 20 ? random.int(1, 8, 'landing', 'busy', window) : 0;
  return Number((BigInt(base) * REFERENCE_PRICE_MICRO_LAMPORTS) / priceMicroLamports);
}
