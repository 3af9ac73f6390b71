import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Clock } from '../clock/clock.interface';
import { CLOCK } from '../clock/clock.interface';
import type { DexOptions } from '../dex.options';
import { DEX_OPTIONS } from '../dex.options';
import { DexError, DexErrorCode } from '../errors/dex.error';
import { ExecutionContext } from '../execution-context.interface';
import { FaultPlan } from '../faults/fault.plan';
import { LatencyPlan } from '../latency/latency.plan';
import { minAmountOutFor } from '../market/constant-product.math';
import { SeededRandom } from '../random/seeded-random';
import { Route } from '../router/route.types';
import { TokenRegistry } from '../tokens/token-registry.service';
import type { Venue } from '../venues/venue.interface';
import { DEX_VENUES, venuesFor } from '../venues/venue.interface';
import { blockhashFor, signatureFor } from './chain-ids';
import { BuiltSwap, Confirmation, SubmittedSwap } from './chain.types';
import { landingOutcome } from './landing.outcome';
import { BLOCKHASH_VALID_SLOTS, slotAt } from './slot.clock';
import { swapSteps } from './swap-steps';

/** Builds, sends and confirms swaps on a simulated Solana whose slots follow the injected clock. */
@Injectable()
export class SimulatedChain {
  private readonly random: SeededRandom;
  private readonly latency: LatencyPlan;
  private readonly faults: FaultPlan;

  constructor(
    @Inject(DEX_OPTIONS) private readonly options: DexOptions,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEX_VENUES) private readonly venues: Venue[],
    /** Resolves the launched tokens a built swap names by symbol (the static ones need no registry). */
    @Optional() private readonly tokens?: TokenRegistry,
  ) {
    this.random = new SeededRandom(options.seed);
    this.latency = new LatencyPlan(options, this.random);
    this.faults = new FaultPlan(options, this.random);
  }

  /** Slots every 400 ms from a fixed genesis time. */
  currentSlot(atMs: number = this.clock.now()): number {
    return slotAt(atMs);
  }

  /** minAmountOut = floor(quotedOut * (10000 - slippageBps) / 10000); QUOTE_EXPIRED past route.expiresAt. */
  async build(route: Route, slippageBps: number, ctx: ExecutionContext): Promise<BuiltSwap> {
    const minAmountOut = minAmountOutFor(route.best.outAmount, slippageBps);
    const now = this.clock.now();
    if (now > route.expiresAt) {
      throw new DexError(DexErrorCode.QUOTE_EXPIRED, `the quote expired ${now - route.expiresAt} ms ago`, {
        quotedAt: route.quotedAt,
        expiresAt: route.expiresAt,
        now,
      });
    }
    if (this.faults.strikes('build', ctx)) {
      throw new DexError(DexErrorCode.QUOTE_EXPIRED, 'the quote went stale before the transaction was built (injected)', {
        quotedAt: route.quotedAt,
        injected: true,
      });
    }
    await this.clock.sleep(this.latency.buildMs(ctx));
    const builtAt = this.clock.now();
    const slot = slotAt(builtAt);
    const { best } = route;
    return {
      route: best.label,
      kind: best.kind,
      legs: best.legs.map((leg) => ({
        venue: leg.venue,
        poolId: leg.poolId,
        tokenIn: leg.tokenIn.symbol,
        tokenOut: leg.tokenOut.symbol,
        inAmount: leg.inAmount,
        quotedOut: leg.outAmount,
        chained: leg.chained,
      })),
      tokenIn: route.tokenIn.symbol,
      tokenOut: route.tokenOut.symbol,
      inAmount: route.inAmount,
      quotedOut: best.outAmount,
      minAmountOut,
      slippageBps,
      computeUnits: Number(best.computeUnits),
      feeLamports: best.networkFeeLamports,
      blockhash: blockhashFor(this.random, slot),
      lastValidSlot: slot + BLOCKHASH_VALID_SLOTS,
      builtAt,
      steps: swapSteps(route, minAmountOut, slippageBps),
    };
  }

  /** The signature depends only on (seed, orderId, attempt): resending an attempt is the same transaction. */
  async send(built: BuiltSwap, ctx: ExecutionContext): Promise<SubmittedSwap> {
    await this.clock.sleep(this.latency.sendMs(ctx));
    const submittedAt = this.clock.now();
    const submitted = { signature: signatureFor(this.random, ctx), submittedAt, submitSlot: slotAt(submittedAt) };
    if (this.faults.strikes('send', ctx)) {
      // The node did not answer, but it may have forwarded the transaction: the caller must poll
      // this signature (confirm) until it lands or its blockhash expires before sending another.
      throw new DexError(DexErrorCode.RPC_TIMEOUT, 'sendTransaction timed out; the transaction may still land', {
        stage: 'send',
        route: built.route,
        ...submitted,
      });
    }
    return submitted;
  }

  /**
   * Waits until the outcome is knowable, then returns or throws it. The outcome is a pure function of
   * (seed, built, submitted), so a second call (e.g. after a crash) gives the same result and does not
   * wait again once that moment has passed.
   */
  async confirm(built: BuiltSwap, submitted: SubmittedSwap, ctx: ExecutionContext): Promise<Confirmation> {
    const outcome = landingOutcome({
      random: this.random,
      venues: venuesFor(this.venues, ctx),
      tokenOf: this.tokens && ((symbol) => this.tokens!.resolve(symbol)),
      built,
      submitted,
      fault: this.faults.stageFor(ctx),
      congestion: this.options.congestion !== false,
      confirmMs: this.latency.confirmMs(submitted.signature),
    });
    const waitMs = outcome.settledAt - this.clock.now();
    if (this.latency.enabled && waitMs > 0) await this.clock.sleep(waitMs);
    if (!outcome.ok) throw outcome.error;
    return outcome.confirmation;
  }
}
