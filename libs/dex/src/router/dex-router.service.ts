import { Inject, Injectable } from '@nestjs/common';
import { AmountError } from '../amounts/amount.codec';
import type { Clock } from '../clock/clock.interface';
import { CLOCK } from '../clock/clock.interface';
import type { DexOptions } from '../dex.options';
import { DEX_OPTIONS } from '../dex.options';
import { DexError, DexErrorCode } from '../errors/dex.error';
import { ExecutionContext } from '../execution-context.interface';
import { FaultPlan } from '../faults/fault.plan';
import { LatencyPlan } from '../latency/latency.plan';
import { SeededRandom } from '../random/seeded-random';
import { Token, tokenBySymbol } from '../tokens/token.constants';
import type { Venue } from '../venues/venue.interface';
import { DEX_VENUES, venuesFor } from '../venues/venue.interface';
import { PoolRef, quotePool } from './pool-quoter';
import { explainChoice, failureOf, rankOptions } from './route-reason';
import { searchRoutes, SearchInput } from './route-search';
import { QUOTE_TTL_MS, Route, RouteCandidate } from './route.types';
import { readVenue, VenueRead } from './venue-read';

/** Tokens a two-hop route may pass through: the hubs most pools pair with. */
const HUBS = ['SOL', 'USDC'];
const ONE_SOL = 1_000_000_000n;

/**
 * Reads every venue that holds a pool the order could use, in parallel and each with a timeout
 * (a failed venue is reported, not fatal), then weighs every single pool, the best split of each
 * pair of pools, and every two-hop path through SOL or USDC, by output minus network fee.
 */
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
   * Throws DexError NO_ROUTE when no pools connect the pair (directly or through a hub) or the
   * routes failed for different reasons, or the one code they all failed with (e.g. RPC_TIMEOUT,
   * INSUFFICIENT_LIQUIDITY).
   */
  async quote(tokenIn: Token, tokenOut: Token, amountIn: bigint, ctx?: ExecutionContext): Promise<Route> {
    if (amountIn <= 0n) throw new AmountError('amount must be greater than zero');
    const hubs = HUBS.map(tokenBySymbol).filter((t) => t.mint !== tokenIn.mint && t.mint !== tokenOut.mint);
    const pairs: Array<[Token, Token]> = [[tokenIn, tokenOut], ...hubs.flatMap((h): Array<[Token, Token]> => [[tokenIn, h], [h, tokenOut]])];
    const needed = venuesFor(this.venues, ctx).filter((v) => pairs.some(([a, b]) => v.poolsFor(a, b).length > 0));
    if (needed.length === 0) throw noPools(tokenIn, tokenOut);
    const fault = this.faults.faultFor(ctx);
    if (fault?.stage === 'quote' && fault.code !== DexErrorCode.RPC_TIMEOUT) {
      // An injected answer from the RPC node or the venues (rate limit; a forced NO_ROUTE…).
      await this.clock.sleep(this.latency.venueQuoteMs(needed[0].name, ctx, this.clock.now()));
      throw new DexError(fault.code, `injected ${fault.code} while quoting ${tokenIn.symbol}->${tokenOut.symbol}`, {
        injected: true,
      });
    }
    const reads = await this.readAll(needed, ctx, fault?.stage === 'quote');
    const refs = (a: Token, b: Token): PoolRef[] =>
      reads.flatMap((r) => (r.error ? [] : r.venue.poolsFor(a, b).map((poolId) => ({ venue: r.venue, poolId, atMs: r.atMs }))));
    const input: SearchInput = {
      tokenIn,
      tokenOut,
      amountIn,
      direct: refs(tokenIn, tokenOut),
      hops: hubs.map((via) => ({ via, first: refs(tokenIn, via), second: refs(via, tokenOut) })),
      solPriceOut: solPrice(tokenOut, refs),
    };
    const { options, candidates } = searchRoutes(input);
    const failedReads: RouteCandidate[] = reads
      .filter((r) => r.error)
      .map((r) => ({ kind: 'single', label: r.venue.name, error: { code: r.error!.code, message: r.error!.message } }));
    const all = [...candidates, ...failedReads];
    if (options.length === 0) throw failureOf(all, tokenIn, tokenOut);
    const ranked = rankOptions(options);
    const quotedAt = this.clock.now();
    return {
      tokenIn,
      tokenOut,
      inAmount: amountIn,
      best: ranked[0],
      candidates: all,
      ...explainChoice(ranked, failedReads, tokenOut),
      quotedAt,
      expiresAt: quotedAt + QUOTE_TTL_MS,
    };
  }

  /** `faulted`: an injected RPC timeout, the node failing, so every venue behind it times out together. */
  private readAll(venues: Venue[], ctx: ExecutionContext | undefined, faulted: boolean): Promise<VenueRead[]> {
    const startedAt = this.clock.now();
    const timeoutMs = this.latency.venueTimeoutMs();
    return Promise.all(
      venues.map((venue) =>
        readVenue(
          { venue, startedAt, latencyMs: this.latency.venueQuoteMs(venue.name, ctx, startedAt), timeoutMs, faulted },
          this.clock,
        ),
      ),
    );
  }
}

/** Output-token units one SOL buys, to put the network fee (paid in SOL) in the route's terms. */
function solPrice(tokenOut: Token, refs: (a: Token, b: Token) => PoolRef[]): bigint | undefined {
  const sol = tokenBySymbol('SOL');
  if (tokenOut.mint === sol.mint) return ONE_SOL;
  const pool = refs(sol, tokenOut)[0];
  if (!pool) return undefined;
  try {
    return quotePool(pool, sol, ONE_SOL).outAmount;
  } catch (error) {
    if (error instanceof DexError) return undefined;
    throw error;
  }
}

function noPools(tokenIn: Token, tokenOut: Token): DexError {
  return new DexError(DexErrorCode.NO_ROUTE, `no pools connect ${tokenIn.symbol} to ${tokenOut.symbol}, directly or via SOL or USDC`, {
    tokenIn: tokenIn.symbol,
    tokenOut: tokenOut.symbol,
  });
}
