import { formatAmount } from '../amounts/amount.codec';
import { minAmountOutFor } from '../market/constant-product.math';
import { Token } from '../tokens/token.constants';
import { Route, RouteLeg } from './route.types';

/** A routing decision as the API shows it (GET /api/quotes, the `routing` event, the order's `route`). */
export interface QuoteView {
  tokenIn: string;
  tokenOut: string;
  inAmount: string;
  /** After venue fees, before slippage. */
  outAmount: string;
  /** Present when a slippage was given: the least the swap may pay out. */
  minAmountOut?: string;
  slippageBps?: number;
  priceImpactBps: number;
  /** The winning route's label and shape. */
  route: string;
  /** `single`, `split`, `two-hop` or `multi-hop` (three hops). */
  kind: string;
  /** Swaps in sequence: 1 (single or split), 2 (two-hop), 3 (multi-hop). */
  hops: number;
  routePlan: Array<Record<string, unknown>>;
  networkFee: NetworkFeeView;
  reason: string;
  gainBps: number | null;
  candidates: Array<Record<string, unknown>>;
  quotedAt: string;
  expiresAt: string;
}

/** What the winning route's transaction pays to land, in lamports unless named otherwise. */
export interface NetworkFeeView {
  /** Signature + priority fee + tip. */
  lamports: string;
  /** The same in output-token units ("0" when no pool prices SOL in it). */
  inTokenOut: string;
  signatureLamports: string;
  priorityFeeLamports: string;
  computeUnitPriceMicroLamports: string;
  jitoTipLamports: string;
  /** With priorityFee=auto: the congestion the price was chosen for, and whether the cap held it lower. */
  auto?: { congestion: string; capped: boolean };
  /** With a tip: the tip floor of the moment, and whether the tip meets it (lands in the next slot as a bundle). */
  jitoTipFloorLamports?: string;
  bundle?: boolean;
}

export function toQuoteView(route: Route, slippageBps?: number): QuoteView {
  const { best, tokenIn, tokenOut } = route;
  const out = (v: bigint | undefined) => (v === undefined ? undefined : formatAmount(v, tokenOut.decimals));
  const view: QuoteView = {
    tokenIn: tokenIn.symbol,
    tokenOut: tokenOut.symbol,
    inAmount: formatAmount(route.inAmount, tokenIn.decimals),
    outAmount: out(best.outAmount)!,
    priceImpactBps: best.priceImpactBps,
    route: best.label,
    kind: best.kind,
    hops: best.hops,
    routePlan: best.legs.map(legView),
    networkFee: networkFeeView(route, out(best.networkFeeOut)!),
    reason: route.reason,
    gainBps: route.gainBps,
    candidates: route.candidates.map((c) => ({
      kind: c.kind,
      route: c.label,
      hops: c.hops,
      outAmount: out(c.outAmount),
      networkFee: out(c.networkFeeOut),
      priceImpactBps: c.priceImpactBps,
      legs: c.legs,
      error: c.error,
    })),
    quotedAt: new Date(route.quotedAt).toISOString(),
    expiresAt: new Date(route.expiresAt).toISOString(),
  };
  if (slippageBps !== undefined) {
    view.slippageBps = slippageBps;
    view.minAmountOut = out(minAmountOutFor(best.outAmount, slippageBps));
  }
  return view;
}

function legView(leg: RouteLeg): Record<string, unknown> {
  const fmt = (v: bigint, t: Token) => formatAmount(v, t.decimals);
  return {
    venue: leg.venue,
    poolId: leg.poolId,
    tokenIn: leg.tokenIn.symbol,
    tokenOut: leg.tokenOut.symbol,
    inAmount: fmt(leg.inAmount, leg.tokenIn),
    outAmount: fmt(leg.outAmount, leg.tokenOut),
    fee: fmt(leg.feeAmount, leg.tokenIn),
    priceImpactBps: leg.priceImpactBps,
    shareBps: leg.shareBps,
  };
}

function networkFeeView(route: Route, inTokenOut: string): NetworkFeeView {
  const { fees } = route.best;
  const view: NetworkFeeView = {
    lamports: route.best.networkFeeLamports.toString(),
    inTokenOut,
    signatureLamports: fees.signatureFeeLamports.toString(),
    priorityFeeLamports: fees.priorityFeeLamports.toString(),
    computeUnitPriceMicroLamports: fees.computeUnitPriceMicroLamports.toString(),
    jitoTipLamports: fees.jitoTipLamports.toString(),
  };
  if (fees.auto) view.auto = { ...fees.auto };
  if (route.jitoTipFloorLamports !== undefined) {
    view.jitoTipFloorLamports = route.jitoTipFloorLamports.toString();
    view.bundle = fees.jitoTipLamports >= route.jitoTipFloorLamports;
  }
  return view;
}
