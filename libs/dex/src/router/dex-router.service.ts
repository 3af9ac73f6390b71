import { Inject, Injectable } from '@nestjs/common';
import { AmountError } from '../amounts/amount.codec';
import type { Clock } from '../clock/clock.interface';
import { CLOCK } from '../clock/clock.interface';
import type { DexOptions } from '../dex.options';
import { DEX_OPTIONS } from '../dex.options';
import { DexError } from '../errors/dex.error';
import { ExecutionContext } from '../execution-context.interface';
import { FaultPlan } from '../faults/fault.plan';
import { LatencyPlan } from '../latency/latency.plan';
import { SeededRandom } from '../random/seeded-random';
import { Token } from '../tokens/token.constants';
import type { Venue } from '../venues/venue.interface';
import { DEX_VENUES } from '../venues/venue.interface';
import { explainChoice, failureOf, toCandidate } from './route-reason';
import { QUOTE_TTL_MS, Route } from './route.types';
import { callVenue, VenueCall } from './venue-call';

/** Asks every venue with a pool for the pair, in parallel, and picks the highest output. */
@Injectable()
export class DexRouter {
  private readonly latency: LatencyPlan;
  private readonly faults: FaultPlan;

  constructor(
    @Inject(DEX_OPTIONS) options: DexOptions,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEX_VENUES) private readonly venues: Venue[],
  ) {
    const random = new SeededRandom(options.seed);
    this.latency = new LatencyPlan(options, random);
    this.faults = new FaultPlan(options, random);
  }

  /**
   * A failed venue is reported in the candidates, not fatal. Throws DexError NO_ROUTE when no venue has
   * the pair or the venues failed differently, or the one code they all failed with (e.g. RPC_TIMEOUT,
   * INSUFFICIENT_LIQUIDITY).
   */
  async quote(tokenIn: Token, tokenOut: Token, amountIn: bigint, ctx?: ExecutionContext): Promise<Route> {
    if (amountIn <= 0n) throw new AmountError('amount must be greater than zero');
    const calls = this.plan(tokenIn, tokenOut, amountIn, ctx);
    if (calls.length === 0) {
      throw new DexError('NO_ROUTE', `no venue has a pool for ${tokenIn.symbol}/${tokenOut.symbol}`, {
        tokenIn: tokenIn.symbol,
        tokenOut: tokenOut.symbol,
      });
    }
    const outcomes = await Promise.all(calls.map((call) => callVenue(call, this.clock)));
    // Stable sort: on an exact tie the venue listed first wins, deterministically.
    const ranked = outcomes
      .flatMap((outcome) => (outcome.quote ? [outcome.quote] : []))
      .sort((a, b) => (a.outAmount === b.outAmount ? 0 : a.outAmount > b.outAmount ? -1 : 1));
    if (ranked.length === 0) throw failureOf(outcomes, tokenIn, tokenOut);
    const quotedAt = this.clock.now();
    return {
      tokenIn,
      tokenOut,
      inAmount: amountIn,
      best: ranked[0],
      candidates: outcomes.map(toCandidate),
      reason: explainChoice(ranked, outcomes, tokenOut),
      quotedAt,
      expiresAt: quotedAt + QUOTE_TTL_MS,
    };
  }

  private plan(tokenIn: Token, tokenOut: Token, amountIn: bigint, ctx?: ExecutionContext): VenueCall[] {
    const startedAt = this.clock.now();
    // A quote-stage fault is the RPC node failing, so every venue behind it times out together.
    const faulted = this.faults.strikes('quote', ctx);
    return this.venues.flatMap((venue) => {
      const poolId = venue.poolFor(tokenIn, tokenOut);
      if (!poolId) return [];
      const latencyMs = this.latency.venueQuoteMs(venue.name, ctx, startedAt);
      const timeoutMs = this.latency.venueTimeoutMs();
      return [{ venue, poolId, tokenIn, amountIn, startedAt, latencyMs, timeoutMs, faulted }];
    });
  }
}
