/**
 * Runs `run(tickAt)` at the start of each tick of `tickMs` ms, one run at a time (a run that
 * outlasts its tick makes the timer wait for the next start after it ends).
 *
 * The tick a timer was set for is the tick it runs. Deriving the tick from the clock when the timer
 * fires is wrong: Node may fire a timer up to a millisecond before the wall clock reaches its time,
 * the derived tick is then the previous one (already run), and the intended one is skipped — a
 * trigger crossed in it waited a whole tick more.
 */
export class TickTimer {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running?: Promise<unknown>;
  /** The last tick set: never set again, whatever the clock reads. */
  private lastTickAtMs = -Infinity;

  constructor(
    private readonly tickMs: number,
    private readonly run: (tickAt: Date) => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.schedule();
  }

  /** No run starts after this; resolves when the one under way (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    const now = this.now();
    const tickAtMs = Math.max((Math.floor(now / this.tickMs) + 1) * this.tickMs, this.lastTickAtMs + this.tickMs);
    this.lastTickAtMs = tickAtMs;
    this.timer = setTimeout(() => {
      this.running = this.run(new Date(tickAtMs))
        .catch(() => undefined)
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, Math.max(0, tickAtMs - now));
    this.timer.unref();
  }
}
