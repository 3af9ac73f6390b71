import { DexOptions } from '../dex.options';
import { ExecutionContext } from '../execution-context.interface';
import { SeededRandom } from '../random/seeded-random';

/** Where an attempt's one injected transient fault strikes. */
export type FaultStage = 'quote' | 'send' | 'landing-expired' | 'landing-slippage';

const STAGES: readonly FaultStage[] = ['quote', 'send', 'landing-expired', 'landing-slippage'];

/**
 * Decides, once per (seed, orderId, attempt), whether that attempt hits a transient fault and where.
 * Pure, so the router, the chain and a restarted worker all agree on it without sharing anything.
 */
export class FaultPlan {
  constructor(
    private readonly options: DexOptions,
    private readonly random: SeededRandom,
  ) {}

  /** Without a context (a plain price check) nothing is injected. */
  stageFor(ctx: ExecutionContext | undefined): FaultStage | undefined {
    if (!ctx || this.options.faultRate <= 0) return undefined;
    if (!this.random.chance(this.options.faultRate, 'fault', ctx.orderId, ctx.attempt, 'hit')) {
      return undefined;
    }
    return STAGES[this.random.u32('fault', ctx.orderId, ctx.attempt, 'stage') % STAGES.length];
  }

  strikes(stage: FaultStage, ctx: ExecutionContext | undefined): boolean {
    return this.stageFor(ctx) === stage;
  }
}
