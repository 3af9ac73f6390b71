import { Injectable } from '@nestjs/common';
import { Clock } from './clock.interface';

/** Real time. sleep(0) resolves without a timer so latency 'off' never touches setTimeout. */
@Injectable()
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
