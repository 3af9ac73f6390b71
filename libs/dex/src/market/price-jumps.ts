/*
 * Jumps of a reference price, derived from (seed, asset, time). Time is cut into 15-minute windows; a
 * window holds one jump with probability jumpsPerHour/4, at a seeded moment, of a seeded size (jumpPpm)
 * and sign. A jump moves the price at once and then fades linearly over an hour, as a liquidation cascade
 * or a headline is half digested, half undone: the price shows 1–3% steps a few times an hour without the
 * jumps piling up into a drift over days. Only the last few windows matter at any moment, so a lookup is
 * O(1) hashes (memoised: a window is asked about again by every quote in that hour).
 */
import { SeededRandom } from '../random/seeded-random';
import { ReferenceAsset } from './asset.definitions';
import { floorDiv } from './bigint-math';
import { BoundedMemo } from './bounded-memo';
import { E18 } from './fixed-point.math';

const WINDOW_MS = 15n * 60_000n;
const WINDOWS_PER_HOUR = 4;
export const JUMP_FADE_MS = 60n * 60_000n;
const PPM_TO_E18 = E18 / 1_000_000n;

export interface PriceJump {
  atMs: bigint;
  /** Log move, 1e18 scale. */
  sizeE18: bigint;
}

const windows = new BoundedMemo<PriceJump | null>(20_000);

/** The live jumps' log contribution at a moment, 1e18 scale. */
export function jumpLogE18(random: SeededRandom, asset: ReferenceAsset, atMs: bigint): bigint {
  if (asset.jumpsPerHour === 0) return 0n;
  let sum = 0n;
  for (const jump of jumpsBetween(random, asset, atMs - JUMP_FADE_MS + 1n, atMs + 1n)) {
    sum += (jump.sizeE18 * (JUMP_FADE_MS - (atMs - jump.atMs))) / JUMP_FADE_MS;
  }
  return sum;
}

/** Every jump in [fromMs, toMs), in time order. */
export function jumpsBetween(random: SeededRandom, asset: ReferenceAsset, fromMs: bigint, toMs: bigint): PriceJump[] {
  if (asset.jumpsPerHour === 0) return [];
  const found: PriceJump[] = [];
  for (let window = floorDiv(fromMs, WINDOW_MS); window * WINDOW_MS < toMs; window++) {
    const jump = jumpIn(random, asset, window);
    if (jump && jump.atMs >= fromMs && jump.atMs < toMs) found.push(jump);
  }
  return found;
}

function jumpIn(random: SeededRandom, asset: ReferenceAsset, window: bigint): PriceJump | null {
  return windows.get(`${random.seed}|${asset.symbol}|${window}`, () => {
    const keys = ['jump', asset.symbol, window] as const;
    if (!random.chance(asset.jumpsPerHour / WINDOWS_PER_HOUR, 'price', ...keys, 'happens')) return null;
    const atMs = window * WINDOW_MS + random.bigint(0n, WINDOW_MS - 1n, 'price', ...keys, 'at');
    const magnitude = random.bigint(asset.jumpPpm.min, asset.jumpPpm.max, 'price', ...keys, 'size');
    const sign = random.u32('price', ...keys, 'sign') % 2 === 0 ? 1n : -1n;
    return { atMs, sizeE18: sign * magnitude * PPM_TO_E18 };
  });
}
