import { DexOptions } from '../dex.options';
import { ExecutionContext } from '../execution-context.interface';
import { RandomKey, SeededRandom } from '../random/seeded-random';

/** Ranges (ms) of the realistic profile: a whole order takes about 2-3 s. */
const VENUE_QUOTE_MS: [number, number] = [60, 90];
const BUILD_MS: [number, number] = [25, 35];
const SEND_MS: [number, number] = [40, 60];
/** processed -> confirmed. */
const CONFIRM_MS: [number, number] = [800, 1_200];
/** Longest a venue may take before the router gives up on it, so one slow venue cannot stall routing. */
const VENUE_TIMEOUT_MS = 1_500;

/** Seeded delays per stage. With latency 'off' every delay is 0, so no timer is ever armed. */
export class LatencyPlan {
  constructor(
    private readonly options: DexOptions,
    private readonly random: SeededRandom,
  ) {}

  get enabled(): boolean {
    return this.options.latency !== 'off';
  }

  /** Keyed by the attempt when there is one; a plain price check is keyed by the moment it was asked. */
  venueQuoteMs(venue: string, ctx: ExecutionContext | undefined, atMs: number): number {
    const keys: RandomKey[] = ctx ? [ctx.orderId, ctx.attempt] : ['at', atMs];
    return this.draw(VENUE_QUOTE_MS, 'quote', venue, ...keys);
  }

  venueTimeoutMs(): number {
    return this.enabled ? VENUE_TIMEOUT_MS : 0;
  }

  buildMs(ctx: ExecutionContext): number {
    return this.draw(BUILD_MS, 'build', ctx.orderId, ctx.attempt);
  }

  sendMs(ctx: ExecutionContext): number {
    return this.draw(SEND_MS, 'send', ctx.orderId, ctx.attempt);
  }

  confirmMs(signature: string): number {
    return this.draw(CONFIRM_MS, 'confirm', signature);
  }

  private draw([min, max]: [number, number], ...keys: RandomKey[]): number {
    return this.enabled ? this.random.int(min, max, 'latency', ...keys) : 0;
  }
}
