import { Clock } from '../clock/clock.interface';

/**
 * Virtual time for tests: now() is settable and sleep() advances it. A sleep's deadline is fixed when it
 * is called and time moves on a microtask, so sleeps started together (parallel venue quotes) end at
 * the latest deadline rather than the sum of them.
 */
export class FakeClock implements Clock {
  private current: number;
  readonly sleeps: number[] = [];

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  set(ms: number): void {
    this.current = ms;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    const deadline = this.current + Math.max(0, ms);
    await Promise.resolve();
    this.current = Math.max(this.current, deadline);
  }
}
