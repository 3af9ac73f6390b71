import { DexOptions } from '../dex.options';
import { DexErrorCode } from '../errors/dex.error';
import { ExecutionContext } from '../execution-context.interface';
import { SeededRandom } from '../random/seeded-random';

/** Where an attempt's injected fault strikes. */
export type FaultStage = 'quote' | 'build' | 'send' | 'landing-expired' | 'landing-slippage';

/** One injected fault: the code the attempt fails with, and the step that raises it. */
export interface Fault {
  code: DexErrorCode;
  stage: FaultStage;
}

/** SIM_FAULT_RATE spreads over these, as before per-code settings existed. */
const RATE_FAULTS: readonly Fault[] = [
  { code: DexErrorCode.RPC_TIMEOUT, stage: 'quote' },
  { code: DexErrorCode.RPC_TIMEOUT, stage: 'send' },
  { code: DexErrorCode.BLOCKHASH_EXPIRED, stage: 'landing-expired' },
  { code: DexErrorCode.SLIPPAGE_EXCEEDED, stage: 'landing-slippage' },
];

/** The step at which each code arises; an RPC timeout can hit the quote or the send. */
const STAGE_OF: Partial<Record<DexErrorCode, FaultStage>> = {
  RPC_RATE_LIMITED: 'quote',
  NO_ROUTE: 'quote',
  INSUFFICIENT_LIQUIDITY: 'quote',
  QUOTE_EXPIRED: 'build',
  BLOCKHASH_EXPIRED: 'landing-expired',
  SLIPPAGE_EXCEEDED: 'landing-slippage',
};

const PPM = 1_000_000;

/**
 * Decides, once per (seed, orderId, attempt), whether that attempt meets an injected fault, which,
 * and where. Pure, so the router, the chain and a restarted worker all agree on it without sharing
 * anything. Forced failures (SIM_FAIL_ORDERS) come first, then one seeded draw against the summed
 * probabilities of SIM_FAULT_RATE and SIM_FAULTS.
 */
export class FaultPlan {
  /** Whether any fault can be drawn at all: with none configured, no attempt pays for a draw. */
  private readonly anyRate: boolean;

  constructor(
    private readonly options: DexOptions,
    private readonly random: SeededRandom,
  ) {
    const rates = [options.faultRate, ...Object.values(options.faults ?? {})];
    this.anyRate = rates.some((p) => Math.round((p ?? 0) * PPM) > 0);
  }

  /** Without a context (a plain price check) nothing is injected. */
  faultFor(ctx: ExecutionContext | undefined): Fault | undefined {
    if (!ctx) return undefined;
    const forced = this.options.failOrders?.find(
      (f) => f.order === ctx.orderNumber && (f.attempts === undefined || ctx.attempt <= f.attempts),
    );
    if (forced) return this.faultOf(forced.code, ctx);
    if (!this.anyRate) return undefined;
    const draw = this.random.u32('fault', ctx.orderId, ctx.attempt, 'hit') % PPM;
    let threshold = Math.round(this.options.faultRate * PPM);
    if (draw < threshold) {
      return RATE_FAULTS[this.random.u32('fault', ctx.orderId, ctx.attempt, 'stage') % RATE_FAULTS.length];
    }
    for (const [code, probability] of Object.entries(this.options.faults ?? {})) {
      threshold += Math.round((probability ?? 0) * PPM);
      if (draw < threshold) return this.faultOf(code as DexErrorCode, ctx);
    }
    return undefined;
  }

  stageFor(ctx: ExecutionContext | undefined): FaultStage | undefined {
    return this.faultFor(ctx)?.stage;
  }

  strikes(stage: FaultStage, ctx: ExecutionContext | undefined): boolean {
    return this.stageFor(ctx) === stage;
  }

  private faultOf(code: DexErrorCode, ctx: ExecutionContext): Fault {
    const stage =
      STAGE_OF[code] ?? (this.random.u32('fault', ctx.orderId, ctx.attempt, 'rpc') % 2 === 0 ? 'quote' : 'send');
    return { code, stage };
  }
}
