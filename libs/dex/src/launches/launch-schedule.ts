import { slotAt, slotStartMs } from '../chain/slot.clock';

/** The first slot that starts at or after `ms`: launches open at a slot boundary. */
export function firstSlotFrom(ms: number): number {
  const slot = slotAt(ms);
  return slotStartMs(slot) === ms ? slot : slot + 1;
}

/** Scheduled launch n opens in the first slot starting at or after n × interval (epoch ms). */
export function scheduledLaunchSlot(n: number, intervalMs: number): number {
  return firstSlotFrom(n * intervalMs);
}

export interface ScheduleWindow {
  intervalMs: number;
  announceMs: number;
  /** Launches that opened longer ago than this are forgotten. */
  retentionMs: number;
  /** At most this many of the latest scheduled launches are known. */
  maxKnown: number;
}

/**
 * The numbers of the scheduled launches known at `nowMs`, oldest first: announced already (their
 * launch is at most announceMs away), opened within the retention, and no more than maxKnown.
 * Empty when scheduled launches are off (interval 0).
 */
export function knownScheduledLaunches(nowMs: number, window: ScheduleWindow): { first: number; last: number } | undefined {
  const { intervalMs, announceMs, retentionMs, maxKnown } = window;
  if (intervalMs <= 0 || maxKnown <= 0) return undefined;
  let last = Math.floor((nowMs + announceMs) / intervalMs);
  // The slot boundary may put the launch a little after n × interval, and so its announcement too.
  if (slotStartMs(scheduledLaunchSlot(last, intervalMs)) - announceMs > nowMs) last--;
  const oldest = Math.ceil((nowMs - retentionMs) / intervalMs);
  const first = Math.max(oldest, last - maxKnown + 1, 0);
  return first <= last ? { first, last } : undefined;
}
