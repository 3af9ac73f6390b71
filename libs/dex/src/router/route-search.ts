import { DexError, DexErrorCode } from '../errors/dex.error';
import { Token } from '../tokens/token.constants';
import { VenueQuote } from '../venues/venue.interface';
import { feesAt, NetworkFees } from '../fees/network-fees';
import { COMPUTE_UNIT_PRICE_MICRO_LAMPORTS, computeUnitsFor } from './network-fee';
import { largestFill, PoolRef, quotePool } from './pool-quoter';
import { RouteCandidate, RouteKind, RouteLeg, RouteOption } from './route.types';

const FULL_SHARE = 10_000;
const MIN_SPLIT_SHARE_BPS = 100;
/**
 * At most this many chained-path candidates (2 and 3 hops together) are weighed per quote, each
 * hop on each pool of its pair; a path cut short because a hop gives nothing counts as one. The
 * default market needs at most 4; the bound keeps a denser one from slowing quotes down.
 */
export const MAX_PATH_CANDIDATES = 24;
const ORDINALS = ['first', 'second', 'third', 'fourth'];

/** A chain of swaps through intermediate tokens, and the pools (already read) each hop may use. */
export interface HopPath {
  /** The tokens the path passes through, ends included: [BONK, SOL, USDC, USDT] is three hops. */
  tokens: Token[];
  /** For each hop, the pools of its pair. */
  pools: PoolRef[][];
}

/** What the search works on: the order and the pools it could use, already read. */
export interface SearchInput {
  tokenIn: Token;
  tokenOut: Token;
  amountIn: bigint;
  direct: PoolRef[];
  /** Paths of 2 to MAX_HOPS hops, shortest first. */
  paths: HopPath[];
  /** Output-token base units one SOL buys, to price the network fee; undefined if unknown. */
  solPriceOut?: bigint;
  /** The network fee of a route with this compute budget; default: the default price, no tip. */
  feesFor?: (computeUnits: bigint) => NetworkFees;
}

const defaultFees = (computeUnits: bigint) => feesAt(computeUnits, COMPUTE_UNIT_PRICE_MICRO_LAMPORTS, 0n);

export interface SearchResult {
  options: RouteOption[];
  candidates: RouteCandidate[];
}

/**
 * Every way to fill the order that the pools allow: each direct pool alone, the best split of
 * each pair of direct pools, and each chained path with each hop on each pool of its pair (at
 * most MAX_PATH_CANDIDATES of those). Each becomes an option (with its score) or a failed
 * candidate (with its error).
 */
export function searchRoutes(input: SearchInput): SearchResult {
  const result: SearchResult = { options: [], candidates: [] };
  const fail = (kind: RouteKind, label: string, hops: number, error: unknown) => {
    if (!(error instanceof DexError)) throw error;
    const failure = { code: error.code, message: error.message };
    result.candidates.push(hops > 1 ? { kind, label, hops, error: failure } : { kind, label, error: failure });
  };
  const attempt = (kind: RouteKind, label: string, legs: () => RouteLeg[]) => {
    try {
      const option = toOption(kind, label, legs(), input);
      result.options.push(option);
      result.candidates.push(toCandidate(option));
    } catch (error) {
      fail(kind, label, 1, error);
    }
  };
  for (const ref of input.direct) {
    attempt('single', ref.venue.name, () => [leg(quoteWhole(ref, input), input, FULL_SHARE, false)]);
  }
  for (let i = 0; i < input.direct.length; i++) {
    for (let j = i + 1; j < input.direct.length; j++) {
      const split = bestSplit(input.direct[i], input.direct[j], input);
      if (split) attempt('split', splitLabel(split), () => split);
    }
  }
  let budget = MAX_PATH_CANDIDATES;
  for (const path of input.paths) {
    if (budget <= 0) break;
    const hops = path.pools.length;
    const kind: RouteKind = hops === 2 ? 'two-hop' : 'multi-hop';
    // Depth first over the pools of each hop, quoting each prefix once: every path that starts
    // with the same pools shares their quotes, and a hop that gives nothing cuts its subtree.
    const walk = (hop: number, amountIn: bigint, legs: RouteLeg[]): void => {
      const [from, to] = [path.tokens[hop], path.tokens[hop + 1]];
      for (const ref of path.pools[hop]) {
        if (budget <= 0) return;
        const venues = [...legs.map((l) => l.venue), ref.venue.name];
        const label = pathLabel(path, venues);
        let quote: VenueQuote;
        try {
          quote = quotePool(ref, from, amountIn);
          if (quote.outAmount === 0n) {
            throw new DexError(DexErrorCode.NO_ROUTE, `${ref.venue.name}: the ${ORDINALS[hop]} hop rounds to zero`);
          }
        } catch (error) {
          budget--;
          fail(kind, label, hops, error);
          continue;
        }
        const next = [...legs, { ...quote, tokenIn: from, tokenOut: to, shareBps: FULL_SHARE, chained: hop > 0 }];
        if (hop + 1 < hops) {
          walk(hop + 1, quote.outAmount, next);
        } else {
          budget--;
          const option = toOption(kind, label, next, input);
          result.options.push(option);
          result.candidates.push(toCandidate(option));
        }
      }
    };
    walk(0, input.amountIn, []);
  }
  return result;
}

/**
 * "raydium → meteora via USDC"; three hops: "raydium → raydium → meteora via SOL, USDC". A path
 * cut short shows the hops it never reached as "…".
 */
function pathLabel(path: HopPath, venues: string[]): string {
  const hops = path.pools.length;
  const shown = [...venues, ...Array<string>(hops - venues.length).fill('…')];
  return `${shown.join(' → ')} via ${path.tokens.slice(1, -1).map((t) => t.symbol).join(', ')}`;
}

function quoteWhole(ref: PoolRef, input: SearchInput): VenueQuote {
  const quote = quotePool(ref, input.tokenIn, input.amountIn);
  if (quote.outAmount === 0n) throw new DexError(DexErrorCode.NO_ROUTE, `${ref.venue.name}: the output rounds to zero`);
  return quote;
}

function leg(quote: VenueQuote, input: SearchInput, shareBps: number, chained: boolean): RouteLeg {
  return { ...quote, tokenIn: input.tokenIn, tokenOut: input.tokenOut, shareBps, chained };
}

/**
 * The split of the input between two pools that maximises their total output. Each pool's output
 * is concave in its input (constant product, and bins whose price only worsens), so the total is
 * unimodal over the feasible range and a ternary search over integers finds its optimum (to 1 bp
 * of the order); for two constant-product pools this is MARKET.md's closed-form optimum, reached
 * numerically.
 * Undefined when the optimum gives (nearly) everything to one pool: that is the single-pool route.
 */
function bestSplit(a: PoolRef, b: PoolRef, input: SearchInput): RouteLeg[] | undefined {
  const total = input.amountIn;
  const seen = new Map<bigint, bigint>();
  // Each probe costs two quotes (a DLMM one walks bins): remember them, since probes repeat.
  const outputWith = (x: bigint): bigint => {
    let out = seen.get(x);
    if (out === undefined) {
      out = quotePool(a, input.tokenIn, x).outAmount + quotePool(b, input.tokenIn, total - x).outAmount;
      seen.set(x, out);
    }
    return out;
  };
  // The answer only needs to be exact to 1 bp of the order: a finer split changes the output by a
  // second-order sliver.
  const eps = total / 10_000n > 2n ? total / 10_000n : 2n;
  const lo = total - largestFill(b, input.tokenIn, total, eps);
  const hi = largestFill(a, input.tokenIn, total, eps);
  if (lo > hi) return undefined;
  // Concavity settles the common case at once: if moving the smallest allowed share off either
  // end does not pay, the optimum gives (nearly) everything to one pool.
  const minShare = total / BigInt(FULL_SHARE / MIN_SPLIT_SHARE_BPS);
  if (lo === 0n && hi === total && minShare > 0n) {
    if (outputWith(total - minShare) <= outputWith(total) || outputWith(minShare) <= outputWith(0n)) return undefined;
  }
  const best = goldenMax(outputWith, lo, hi, eps);
  if (best <= 0n || best >= total) return undefined;
  const qa = quotePool(a, input.tokenIn, best);
  const qb = quotePool(b, input.tokenIn, total - best);
  if (qa.outAmount === 0n || qb.outAmount === 0n) return undefined;
  const shareA = Number((best * 10_000n) / total);
  // A sliver under 1% on one side is the single-pool route in all but its extra instruction.
  if (Math.min(shareA, FULL_SHARE - shareA) < MIN_SPLIT_SHARE_BPS) return undefined;
  return [leg(qa, input, shareA, false), leg(qb, input, FULL_SHARE - shareA, false)];
}

/**
 * Golden-section search for the maximum of a concave function over integers in [lo, hi], to
 * within `eps`: each step keeps one of its two probes, so it costs one new evaluation.
 */
function goldenMax(f: (x: bigint) => bigint, lo: bigint, hi: bigint, eps: bigint): bigint {
  const inner = (from: bigint, to: bigint) => [to - ((to - from) * 618n) / 1000n, from + ((to - from) * 618n) / 1000n];
  let [c, d] = inner(lo, hi);
  while (hi - lo > eps) {
    if (f(c) < f(d)) {
      lo = c + 1n;
      c = d;
      d = lo + ((hi - lo) * 618n) / 1000n;
    } else {
      hi = d - 1n;
      d = c;
      c = hi - ((hi - lo) * 618n) / 1000n;
    }
    if (c > d) [c, d] = [d, c];
    if (c < lo || d > hi) [c, d] = inner(lo, hi);
  }
  return [lo, (lo + hi) / 2n, hi].reduce((x, y) => (f(y) > f(x) ? y : x));
}

function toOption(kind: RouteKind, label: string, legs: RouteLeg[], input: SearchInput): RouteOption {
  const chained = legs.some((l) => l.chained);
  const outAmount = legs.filter((l) => l.tokenOut.mint === input.tokenOut.mint).reduce((s, l) => s + l.outAmount, 0n);
  const computeUnits = computeUnitsFor(legs.map((l) => l.venue));
  const fees = (input.feesFor ?? defaultFees)(computeUnits);
  const feeLamports = fees.feeLamports;
  const networkFeeOut = input.solPriceOut === undefined ? 0n : (feeLamports * input.solPriceOut) / 1_000_000_000n;
  const impact = chained
    ? legs.reduce((s, l) => s + l.priceImpactBps, 0)
    : Math.round(legs.reduce((s, l) => s + l.priceImpactBps * l.shareBps, 0) / FULL_SHARE);
  return {
    kind,
    label,
    hops: chained ? legs.length : 1,
    legs,
    outAmount,
    computeUnits,
    networkFeeLamports: feeLamports,
    fees,
    networkFeeOut,
    score: outAmount - networkFeeOut,
    priceImpactBps: impact,
  };
}

function toCandidate(o: RouteOption): RouteCandidate {
  return {
    kind: o.kind,
    label: o.label,
    hops: o.hops,
    outAmount: o.outAmount,
    networkFeeOut: o.networkFeeOut,
    score: o.score,
    priceImpactBps: o.priceImpactBps,
    legs: o.legs.map((l) => ({ venue: l.venue, poolId: l.poolId, shareBps: l.shareBps })),
  };
}

/** "raydium 38% + meteora 62%"; a lopsided split keeps its decimals ("raydium 99.97% + meteora 0.03%"). */
function splitLabel(legs: RouteLeg[]): string {
  const percent = (bps: number) =>
    `${Math.floor(bps / 100)}${bps % 100 ? `.${String(bps % 100).padStart(2, '0').replace(/0$/, '')}` : ''}%`;
  return legs.map((l) => `${l.venue} ${percent(l.shareBps)}`).join(' + ');
}
