import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '../clock/clock.interface';
import { CLOCK } from '../clock/clock.interface';
import type { DexOptions } from '../dex.options';
import { DEX_OPTIONS } from '../dex.options';
import { DexError } from '../errors/dex.error';
import { ExecutionContext } from '../execution-context.interface';
import { FaultPlan } from '../faults/fault.plan';
import { LatencyPlan } from '../latency/latency.plan';
import { minAmountOutFor } from '../market/constant-product.math';
import { SeededRandom } from '../random/seeded-random';
import { Route } from '../router/route.types';
import type { Venue } from '../venues/venue.interface';
import { DEX_VENUES } from '../venues/venue.interface';
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
    @Inject(DEX_OPTIONS) options: DexOptions,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEX_VENUES) private readonly venues: Venue[],
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
      throw new DexError('QUOTE_EXPIRED', `the quote expired ${now - route.expiresAt} ms ago`, {
        quotedAt: route.quotedAt,
        expiresAt: route.expiresAt,
        now,
      });
    }
    await this.clock.sleep(this.latency.buildMs(ctx));
    const builtAt = this.clock.now();
    const slot = slotAt(builtAt);
    return {
      venue: route.best.venue,
      poolId: route.best.poolId,
      tokenIn: route.tokenIn.symbol,
      tokenOut: route.tokenOut.symbol,
      inAmount: route.inAmount,
      quotedOut: route.best.outAmount,
      minAmountOut,
      slippageBps,
      blockhash: blockhashFor(this.random, slot),
      lastValidSlot: slot + BLOCKHASH_VALID_SLOTS,
      builtAt,
      steps: swapSteps(route, minAmountOut, slippageBps),
    };
  }

  /** The signature depends only on (seed, orderId, attempt): resending an attempt is the same transaction. */
  async send(built: BuiltSwap, ctx: ExecutionContext): Promise<SubmittedSwap> {
    await this.clock.sleep(this.latency.sendMs(ctx));
    if (this.faults.strikes('send', ctx)) {
      // Injected as "the RPC node never forwarded it": this transaction does not land.
      throw new DexError('RPC_TIMEOUT', 'sendTransaction timed out', { stage: 'send', poolId: built.poolId });
    }
    const submittedAt = this.clock.now();
    return { signature: signatureFor(this.random, ctx), submittedAt, submitSlot: slotAt(submittedAt) };
  }

  /**
   * Waits until the outcome is knowable, then returns or throws it. The outcome is a pure function of
   * (seed, built, submitted), so a second call (e.g. after a crash) gives the same result and does not
   * wait again once that moment has passed.
   */
  async confirm(built: BuiltSwap, submitted: SubmittedSwap, ctx: ExecutionContext): Promise<Confirmation> {
    const outcome = landingOutcome({
      random: this.random,
      venues: this.venues,
      built,
      submitted,
      fault: this.faults.stageFor(ctx),
      confirmMs: this.latency.confirmMs(submitted.signature),
    });
    const waitMs = outcome.settledAt - this.clock.now();
    if (this.latency.enabled && waitMs > 0) await this.clock.sleep(waitMs);
    if (!outcome.ok) throw outcome.error;
    return outcome.confirmation;
  }
}
