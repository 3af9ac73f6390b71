import { TickTimer } from './tick-timer';

describe('TickTimer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 10_000 }));
  afterEach(() => jest.useRealTimers());

  it('runs every tick once, in order, within the tick, even when the clock it reads lags the timers', async () => {
    const runs: Array<{ tickAt: number; at: number }> = [];
    // Node may fire a timer up to a millisecond before Date.now() reaches its time: here the clock
    // the timer reads says 1 ms less than its timers' clock whenever that is on a tick's start.
    const lagging = () => (Date.now() % 400 === 0 ? Date.now() - 1 : Date.now());
    const record = async (tickAt: Date) => void runs.push({ tickAt: tickAt.getTime(), at: Date.now() });
    const timer = new TickTimer(400, record, lagging);
    timer.start();
    await jest.advanceTimersByTimeAsync(4_000);
    await timer.stop();
    expect(runs.length).toBeGreaterThanOrEqual(9);
    runs.forEach(({ tickAt }, i) => expect(tickAt).toBe(runs[0].tickAt + i * 400));
    // Each tick runs during its own 400 ms, not during the next one.
    for (const { tickAt, at } of runs) {
      expect(at - tickAt).toBeGreaterThanOrEqual(0);
      expect(at - tickAt).toBeLessThan(400);
    }
  });

  it('waits for a run that outlasts its tick, then goes on at the next tick start', async () => {
    const ticks: number[] = [];
    const timer = new TickTimer(400, async (tickAt) => {
      ticks.push(tickAt.getTime());
      if (ticks.length === 1) await new Promise((r) => setTimeout(r, 500));
    });
    timer.start();
    await jest.advanceTimersByTimeAsync(2_000);
    await timer.stop();
    expect(ticks.slice(0, 3)).toEqual([10_400, 11_200, 11_600]);
  });

  it('a failed run does not stop the ticks', async () => {
    let runs = 0;
    const timer = new TickTimer(400, async () => {
      runs++;
      throw new Error('boom');
    });
    timer.start();
    await jest.advanceTimersByTimeAsync(1_300);
    await timer.stop();
    expect(runs).toBe(3);
  });
});
