import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Clock } from '../clock/clock.interface';
import { CLOCK } from '../clock/clock.interface';
import type { DexOptions } from '../dex.options';
import { DEX_OPTIONS } from '../dex.options';
import { DexError, DexErrorCode } from '../errors/dex.error';
import { ExecutionContext } from '../execution-context.interface';
import { FaultPlan } from '../faults/fault.plan';
import { assertFeeChoice, FeeChoice } from '../fees/fee-choice';
import { jitoTipAccountFor } from '../fees/jito';
import { networkFeesFor } from '../fees/network-fees';
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

/** What a build may be asked beyond the route and slippage. */
export interface BuildOptions {
  /** The least output the swap may give, whatever the slippage allows (a limit's price, a sniper's max price). */
  minOutFloor?: bigint;
  /** The priority fee and Jito tip to pay. */
  fees?: FeeChoice;
}

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

  /**
   * The compute-unit price (micro-lamports) a fee choice bids at `atMs`: 'auto' priced for that
   * window's congestion (before any cap, which depends on the route's compute units), a number as
   * given, none the default. What orders transactions of one slot against each other.
   */
  computeUnitPriceAt(choice: FeeChoice | undefined, atMs: number): bigint {
    const market = { random: this.random, slot: slotAt(atMs), congestion: this.options.congestion !== false };
    return networkFeesFor(0n, choice, market).computeUnitPriceMicroLamports;
  }

  /**
   * minAmountOut = floor(quotedOut * (10000 - slippageBps) / 10000), raised to `options.minOutFloor`
   * when that is higher (a limit order's price guarantee); QUOTE_EXPIRED past route.expiresAt.
   * `options.fees` (else the route's own fee choice, else the default price and no tip) sets the
   * compute-unit price ('auto': priced for the congestion at build time) and the Jito tip; a
   * choice out of bounds throws FeeChoiceError before anything else.
   */
  async build(route: Route, slippageBps: number, ctx: ExecutionContext, options: BuildOptions = {}): Promise<BuiltSwap> {
    const choice = options.fees ?? route.feeChoice;
    if (choice) assertFeeChoice(choice);
    const bySlippage = minAmountOutFor(route.best.outAmount, slippageBps);
    const minAmountOut = options.minOutFloor !== undefined && options.minOutFloor > bySlippage ? options.minOutFloor : bySlippage;
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
    const paid = networkFeesFor(best.computeUnits, choice, {
      random: this.random,
      slot,
      congestion: this.options.congestion !== false,
    });
    const tipAccount = paid.jitoTipLamports > 0n ? jitoTipAccountFor(this.random, ctx) : undefined;
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
      feeLamports: paid.feeLamports,
      computeUnitPriceMicroLamports: paid.computeUnitPriceMicroLamports,
      signatureFeeLamports: paid.signatureFeeLamports,
      priorityFeeLamports: paid.priorityFeeLamports,
      jitoTipLamports: paid.jitoTipLamports,
      ...(tipAccount ? { jitoTipAccount: tipAccount } : {}),
      blockhash: blockhashFor(this.random, slot),
      lastValidSlot: slot + BLOCKHASH_VALID_SLOTS,
      builtAt,
      steps: swapSteps(route, minAmountOut, slippageBps, paid, tipAccount),
    };
  }

  /**
   * Signs the transaction: its signature depends only on (seed, orderId, attempt), so signing an
   * attempt again gives the same transaction. Known before it is sent, as on Solana: the engine
   * records it (`submitted`) first, so a cancel can never race a swap that is already out.
   */
  sign(_built: BuiltSwap, ctx: ExecutionContext): SubmittedSwap {
    const submittedAt = this.clock.now();
    return { signature: signatureFor(this.random, ctx), submittedAt, submitSlot: slotAt(submittedAt) };
  }

  /**
   * Sends the signed transaction (`signed`; signed now when not given). Sending it again is
   * harmless: it is the same transaction, and it lands at most once.
   */
  async send(built: BuiltSwap, ctx: ExecutionContext, signed: SubmittedSwap = this.sign(built, ctx)): Promise<SubmittedSwap> {
    await this.clock.sleep(this.latency.sendMs(ctx));
    const submitted = signed;
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
    const fault = this.faults.stageFor(ctx);
    const outcome = landingOutcome({
      random: this.random,
      venues: venuesFor(this.venues, ctx),
      tokenOf: this.tokens && ((symbol) => this.tokens!.resolve(symbol)),
      built,
      submitted,
      fault,
      congestion: this.options.congestion !== false,
      confirmMs: this.latency.confirmMs(submitted.signature),
    });
    const waitMs = outcome.settledAt - this.clock.now();
    // With latency off an outcome is returned at once, though it is the market of the landing slot
    // (a second or so ahead). A landing that failed on its own (a jump in price, a completed curve;
    // not an injected fault) is reported no earlier than it happened, so that the retry quotes the
    // market the failed transaction met rather than the one before it, and does not fail again.
    const known = this.latency.enabled || (!outcome.ok && fault === undefined);
    if (known && waitMs > 0) await this.clock.sleep(waitMs);
    if (!outcome.ok) throw outcome.error;
    return outcome.confirmation;
  }
}
