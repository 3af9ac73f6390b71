import { COMPUTE_UNIT_PRICE_MICRO_LAMPORTS } from '../router/network-fee';
import { SeededRandom } from '../random/seeded-random';

/** Congestion changes per window of this many slots (about a minute). */
export const CONGESTION_WINDOW_SLOTS = 150;
/** The priority price at which congestion delays apply in full; paying more shortens them. */
export const REFERENCE_PRICE_MICRO_LAMPORTS = 50_000n;

export type CongestionLevel = 'calm' | 'busy' | 'jammed';

/** The network in one window: how busy, and how many slots a transaction at the reference price waits. */
export interface Congestion {
  window: number;
  level: CongestionLevel;
  /** Extra slots before landing at the reference price (0 when calm). */
  slots: number;
}

/**
 * The congestion of the window holding `slot`: most windows are calm (no wait), some busy (1-8
 * slots), and about 2% jammed (100-250 slots, so transactions sent then outlive their blockhash
 * and expire). Seeded per window, so every process sees the same congestion at the same slot.
 * With congestion switched off (DexOptions.congestion) every window is calm.
 */
export function congestionAt(random: SeededRandom, slot: number, enabled = true): Congestion {
  const window = Math.floor(slot / CONGESTION_WINDOW_SLOTS);
  if (!enabled) return { window, level: 'calm', slots: 0 };
  const level = random.int(0, 99, 'landing', 'congestion', window);
  if (level < 2) return { window, level: 'jammed', slots: random.int(100, 250, 'landing', 'jam', window) };
  if (level < 20) return { window, level: 'busy', slots: random.int(1, 8, 'landing', 'busy', window) };
  return { window, level: 'calm', slots: 0 };
}

/**
 * Extra slots a transaction waits before landing, for the congestion of its window. A higher
 * priority fee shortens the wait in proportion (twice the reference price, half the wait); a
 * price of zero waits as if it paid one micro-lamport, which in a busy window outlives any
 * blockhash.
 */
export function congestionSlots(
  random: SeededRandom,
  submitSlot: number,
  priceMicroLamports: bigint = COMPUTE_UNIT_PRICE_MICRO_LAMPORTS,
): number {
  const { slots } = congestionAt(random, submitSlot);
  if (slots === 0) return 0;
  const price = priceMicroLamports > 0n ? priceMicroLamports : 1n;
  return Number((BigInt(slots) * REFERENCE_PRICE_MICRO_LAMPORTS) / price);
}
