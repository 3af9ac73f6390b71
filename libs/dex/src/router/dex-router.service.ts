import { Inject, Injectable } from '@nestjs/common';
import { AmountError } from '../amounts/amount.codec';
import type { Clock } from '../clock/clock.interface';
import { CLOCK } from '../clock/clock.interface';
import type { DexOptions } from '../dex.options';
import { DEX_OPTIONS } from '../dex.options';
import { DexError, DexErrorCode } from '../errors/dex.error';
import { ExecutionContext } from '../execution-context.interface';
import { FaultPlan } from '../faults/fault.plan';
import { assertFeeChoice, FeeChoice } from '../fees/fee-choice';
import { jitoTipFloorLamports } from '../fees/jito';
import { FeeMarket, networkFeesFor } from '../fees/network-fees';
import { slotAt } from '../chain/slot.clock';
import { LatencyPlan } from '../latency/latency.plan';
import { SeededRandom } from '../random/seeded-random';
import { Token, tokenBySymbol } from '../tokens/token.constants';
import type { Venue } from '../venues/venue.interface';
import { DEX_VENUES, venuesFor } from '../venues/venue.interface';
import { hopsOf, PoolGraph } from './pool-graph';
import { PoolRef, quotePool } from './pool-quoter';
import { explainChoice, failureOf, rankOptions } from './route-reason';
import { HopPath, searchRoutes, SearchInput } from './route-search';
import { MAX_HOPS, QUOTE_TTL_MS, Route, RouteCandidate } from './route.types';
import { readVenue, VenueRead } from './venue-read';

const ONE_SOL = 1_000_000_000n;

/**
 * Finds every path of 1 to MAX_HOPS hops the pools connect, reads every venue holding a pool on
 * one of them, in parallel and each once with a timeout (a failed venue is reported, not fatal),
 * then weighs every single pool, the best split of each pair of direct pools, and every chained
 * path on every pool of each hop, by output minus network fee.
 */
@Injectable()
export class DexRouter {
  private readonly random: SeededRandom;
  private readonly latency: LatencyPlan;
  private readonly faults: FaultPlan;
  private readonly congestion: boolean;

  constructor(
    @Inject(DEX_OPTIONS) options: DexOptions,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEX_VENUES) private readonly venues: Venue[],
  ) {
    this.random = new SeededRandom(options.seed);
    this.latency = new LatencyPlan(options, this.random);
    this.faults = new FaultPlan(options, this.random);
    this.congestion = options.congestion !== false;
  }

  /**
   * Throws DexError NO_ROUTE when no pools connect the pair within MAX_HOPS hops or the routes
   * failed for different reasons, or the one code they all failed with (e.g. RPC_TIMEOUT,
   * INSUFFICIENT_LIQUIDITY). `fees`: the trader's priority fee and tip, which rank the routes
   * (a higher price costs more for more instructions) and show in the quote's network fee; a
   * choice out of bounds throws FeeChoiceError.
   */
  async quote(tokenIn: Token, tokenOut: Token, amountIn: bigint, ctx?: ExecutionContext, fees?: FeeChoice): Promise<Route> {
    if (amountIn <= 0n) throw new AmountError('amount must be greater than zero');
    if (fees) assertFeeChoice(fees);
    // A sniper's context sees the launch curve as the snipers ahead of it left it.
    const venues = venuesFor(this.venues, ctx);
    const graph = new PoolGraph(venues, [tokenIn, tokenOut]);
    const paths = graph.paths(tokenIn, tokenOut);
    const needed = venues.filter((v) => paths.some((path) => hopsOf(path).some(([a, b]) => graph.venuesFor(a, b).includes(v))));
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
    const chained = paths
      .filter((path) => path.length > 2)
      .map((tokens): HopPath => ({ tokens, pools: hopsOf(tokens).map(([a, b]) => refs(a, b)) }))
      .filter((path) => path.pools.every((pools) => pools.length > 0));
    // The fee is priced for the moment the venues answered, as a wallet estimates it before signing.
    const market: FeeMarket = { random: this.random, slot: slotAt(this.clock.now()), congestion: this.congestion };
    const input: SearchInput = {
      tokenIn,
      tokenOut,
      amountIn,
      direct: refs(tokenIn, tokenOut),
      paths: chained,
      solPriceOut: solPrice(tokenOut, refs, graph),
      feesFor: fees ? (computeUnits) => networkFeesFor(computeUnits, fees, market) : undefined,
    };
    const { options, candidates } = searchRoutes(input);
    const failedReads: RouteCandidate[] = reads
      .filter((r) => r.error)
      .map((r) => ({ kind: 'single', label: r.venue.name, error: { code: r.error!.code, message: r.error!.message } }));
    const all = [...candidates, ...failedReads];
    if (options.length === 0) throw failureOf(all, tokenIn, tokenOut);
    const ranked = rankOptions(options);
    const quotedAt = this.clock.now();
    const route: Route = {
      tokenIn,
      tokenOut,
      inAmount: amountIn,
      best: ranked[0],
      candidates: all,
      ...explainChoice(ranked, failedReads, tokenOut),
      quotedAt,
      expiresAt: quotedAt + QUOTE_TTL_MS,
    };
    if (fees) {
      route.feeChoice = { ...fees };
      if ((fees.jitoTipLamports ?? 0n) > 0n) route.jitoTipFloorLamports = jitoTipFloorLamports(this.random, market.slot, this.congestion);
    }
    return route;
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

/**
 * Output-token units one SOL buys, to put the network fee (paid in SOL) in the route's terms: from
 * a SOL pool of the output token, or else along the shortest path of pools already read
 * (SOL → USDC → USDT), the first pool of each hop. Undefined when none prices it.
 */
function solPrice(tokenOut: Token, refs: (a: Token, b: Token) => PoolRef[], graph: PoolGraph): bigint | undefined {
  const sol = tokenBySymbol('SOL');
  if (tokenOut.mint === sol.mint) return ONE_SOL;
  for (const path of graph.paths(sol, tokenOut)) {
    const pools = hopsOf(path).map(([a, b]) => refs(a, b)[0]);
    if (pools.some((pool) => pool === undefined)) continue;
    try {
      const out = pools.reduce((amount, pool, hop) => quotePool(pool, path[hop], amount).outAmount, ONE_SOL);
      if (out > 0n) return out;
    } catch (error) {
      if (!(error instanceof DexError)) throw error;
    }
  }
  return undefined;
}

function noPools(tokenIn: Token, tokenOut: Token): DexError {
  return new DexError(DexErrorCode.NO_ROUTE, `no pools connect ${tokenIn.symbol} to ${tokenOut.symbol} within ${MAX_HOPS} hops`, {
    tokenIn: tokenIn.symbol,
    tokenOut: tokenOut.symbol,
  });
}
