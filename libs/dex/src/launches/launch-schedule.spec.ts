import { slotStartMs, SLOT_MS } from '../chain/slot.clock';
import { knownScheduledLaunches, scheduledLaunchSlot } from './launch-schedule';

const window = { intervalMs: 300_000, announceMs: 60_000, retentionMs: 86_400_000, maxKnown: 512 };

describe('the launch schedule', () => {
  it('opens launch n in the first slot starting at or after n × interval', () => {
    expect(slotStartMs(scheduledLaunchSlot(5_833_334, 300_000))).toBe(5_833_334 * 300_000);
    // 7 s is no whole number of 400 ms slots: the launch waits for the next slot boundary.
    const start = slotStartMs(scheduledLaunchSlot(250_000_000_001, 7_000));
    expect(start).toBeGreaterThanOrEqual(250_000_000_001 * 7_000);
    expect(start - 250_000_000_001 * 7_000).toBeLessThan(SLOT_MS);
  });

  it('knows the launches announced by now and opened within the retention, at most maxKnown', () => {
    const launchMs = 1_750_000_200_000;
    const n = launchMs / 300_000;
    expect(knownScheduledLaunches(launchMs - 60_000, window)?.last).toBe(n);
    expect(knownScheduledLaunches(launchMs - 60_001, window)?.last).toBe(n - 1);
    expect(knownScheduledLaunches(launchMs, window)).toEqual({ first: n - 288, last: n });
    expect(knownScheduledLaunches(launchMs, { ...window, maxKnown: 10 })).toEqual({ first: n - 9, last: n });
    expect(knownScheduledLaunches(launchMs, { ...window, intervalMs: 0 })).toBeUndefined();
  });

  it('announces a launch whose slot comes after n × interval no earlier than announceMs before that slot', () => {
    const interval = 7_000;
    for (let now = 1_750_000_000_000; now < 1_750_000_000_000 + 30_000; now += 137) {
      const range = knownScheduledLaunches(now, { ...window, intervalMs: interval, announceMs: 1_000 })!;
      expect(slotStartMs(scheduledLaunchSlot(range.last, interval)) - 1_000).toBeLessThanOrEqual(now);
      expect(slotStartMs(scheduledLaunchSlot(range.last + 1, interval)) - 1_000).toBeGreaterThan(now);
    }
  });
});
