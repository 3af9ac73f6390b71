import { DexError, DexErrorCode } from '../errors/dex.error';
import { Token } from '../tokens/token.constants';
import { VenueQuote } from '../venues/venue.interface';
import { computeUnitsFor, networkFeeLamports } from './network-fee';
import { largestFill, PoolRef, quotePool } from './pool-quoter';
import { RouteCandidate, RouteKind, RouteLeg, RouteOption } from './route.types';

const FULL_SHARE = 10_000;
const MIN_SPLIT_SHARE_BPS = 100;

/** What the search works on: the order and the pools it could use, already read. */
export interface SearchInput {
  tokenIn: Token;
  tokenOut: Token;
  amountIn: bigint;
  direct: PoolRef[];
  /** Two-hop paths through an intermediate token: [first-hop pools, second-hop pools]. */
  hops: Array<{ via: Token; first: PoolRef[]; second: PoolRef[] }>;
  /** Output-token base units one SOL buys, to price the network fee; undefined if unknown. */
  solPriceOut?: bigint;
}

export interface SearchResult {
  options: RouteOption[];
  candidates: RouteCandidate[];
}

/**
 * Every way to fill the order that the pools allow: each direct pool alone, the best split of
 * each pair of direct pools, and each two-hop path. Each becomes an option (with its score) or a
 * failed candidate (with its error).
 */
export function searchRoutes(input: SearchInput): SearchResult {
  const result: SearchResult = { options: [], candidates: [] };
  const attempt = (kind: RouteKind, label: string, legs: () => RouteLeg[]) => {
    try {
      const option = toOption(kind, label, legs(), input);
      result.options.push(option);
      result.candidates.push(toCandidate(option));
    } catch (error) {
      if (!(error instanceof DexError)) throw error;
      result.candidates.push({ kind, label, error: { code: error.code, message: error.message } });
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
  for (const path of input.hops) {
    for (const first of path.first) {
      for (const second of path.second) {
        const label = `${first.venue.name} → ${second.venue.name} via ${path.via.symbol}`;
        attempt('two-hop', label, () => twoHop(first, second, path.via, input));
      }
    }
  }
  return result;
}

function quoteWhole(ref: PoolRef, input: SearchInput): VenueQuote {
  const quote = quotePool(ref, input.tokenIn, input.amountIn);
  if (quote.outAmount === 0n) throw new DexError(DexErrorCode.NO_ROUTE, `${ref.venue.name}: the output rounds to zero`);
  return quote;
}

function leg(quote: VenueQuote, input: SearchInput, shareBps: number, chained: boolean, tokens?: [Token, Token]): RouteLeg {
  const [tokenIn, tokenOut] = tokens ?? [input.tokenIn, input.tokenOut];
  return { ...quote, tokenIn, tokenOut, shareBps, chained };
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

function twoHop(first: PoolRef, second: PoolRef, via: Token, input: SearchInput): RouteLeg[] {
  const q1 = quotePool(first, input.tokenIn, input.amountIn);
  if (q1.outAmount === 0n) throw new DexError(DexErrorCode.NO_ROUTE, `${first.venue.name}: the first hop rounds to zero`);
  const q2 = quotePool(second, via, q1.outAmount);
  if (q2.outAmount === 0n) throw new DexError(DexErrorCode.NO_ROUTE, `${second.venue.name}: the second hop rounds to zero`);
  return [
    leg(q1, input, FULL_SHARE, false, [input.tokenIn, via]),
    leg(q2, input, FULL_SHARE, true, [via, input.tokenOut]),
  ];
}

function toOption(kind: RouteKind, label: string, legs: RouteLeg[], input: SearchInput): RouteOption {
  const outAmount = legs.filter((l) => l.tokenOut.mint === input.tokenOut.mint).reduce((s, l) => s + l.outAmount, 0n);
  const computeUnits = computeUnitsFor(legs.map((l) => l.venue));
  const feeLamports = networkFeeLamports(computeUnits);
  const networkFeeOut = input.solPriceOut === undefined ? 0n : (feeLamports * input.solPriceOut) / 1_000_000_000n;
  const impact =
    kind === 'two-hop'
      ? legs.reduce((s, l) => s + l.priceImpactBps, 0)
      : Math.round(legs.reduce((s, l) => s + l.priceImpactBps * l.shareBps, 0) / FULL_SHARE);
  return {
    kind,
    label,
    legs,
    outAmount,
    computeUnits,
    networkFeeLamports: feeLamports,
    networkFeeOut,
    score: outAmount - networkFeeOut,
    priceImpactBps: impact,
  };
}

function toCandidate(o: RouteOption): RouteCandidate {
  return {
    kind: o.kind,
    label: o.label,
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
