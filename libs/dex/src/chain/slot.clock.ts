/** Mainnet-beta's genesis (2020-03-16T14:29:00Z), so slot numbers look like real ones. */
export const GENESIS_MS = 1_584_368_940_000;
export const SLOT_MS = 400;
/** A blockhash is accepted for 150 blocks after the one it names. */
export const BLOCKHASH_VALID_SLOTS = 150;

export function slotAt(atMs: number): number {
  return Math.floor((atMs - GENESIS_MS) / SLOT_MS);
}

export function slotStartMs(slot: number): number {
  return GENESIS_MS + slot * SLOT_MS;
}

/** A transaction in a slot is processed when that slot's block is produced, at the slot's end. */
export function slotEndMs(slot: number): number {
  return slotStartMs(slot + 1);
}
