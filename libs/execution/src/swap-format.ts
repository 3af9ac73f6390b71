import { formatAmount, Route, Token } from '@app/dex';

const PRICE_DECIMALS = 9;

/** Output per unit of input in token units, exact to 9 decimals (rounded down). */
export function executionPrice(amountIn: bigint, amountOut: bigint, tokenIn: Token, tokenOut: Token): string {
  const scaled =
    (amountOut * 10n ** BigInt(tokenIn.decimals + PRICE_DECIMALS)) / (amountIn * 10n ** BigInt(tokenOut.decimals));
  return formatAmount(scaled, PRICE_DECIMALS);
}

/** The routing decision as the `routing` event and the order's `route` column show it. */
export function routeSummary(route: Route): Record<string, unknown> {
  const out = (v: bigint | undefined) => (v === undefined ? undefined : formatAmount(v, route.tokenOut.decimals));
  const fee = (v: bigint | undefined) => (v === undefined ? undefined : formatAmount(v, route.tokenIn.decimals));
  return {
    venue: route.best.venue,
    poolId: route.best.poolId,
    amountIn: formatAmount(route.inAmount, route.tokenIn.decimals),
    quotedOut: out(route.best.outAmount),
    fee: fee(route.best.feeAmount),
    priceImpactBps: route.best.priceImpactBps,
    reason: route.reason,
    expiresAt: new Date(route.expiresAt).toISOString(),
    candidates: route.candidates.map((c) => ({
      venue: c.venue,
      poolId: c.poolId,
      amountOut: out(c.outAmount),
      fee: fee(c.feeAmount),
      priceImpactBps: c.priceImpactBps,
      error: c.error,
    })),
  };
}
