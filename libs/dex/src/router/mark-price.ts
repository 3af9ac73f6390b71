import { Token } from '../tokens/token.constants';
import { DexRouter } from './dex-router.service';

/** Outputs below this many base units say too little about the price: the reference trade grows. */
const MIN_OUTPUT_UNITS = 1_000_000n;
const MAX_SCALE_STEPS = 12;

/**
 * The market's price of `tokenIn` in `tokenOut` now, as a small trade gets it: the best route's
 * output, after venue fees, for one whole token in (or ten, a hundred… until the output has at
 * least six significant digits). What stop orders trigger on, and what waiting orders are compared
 * with; an order's own price for its size is its own quote.
 */
export async function markQuote(router: DexRouter, tokenIn: Token, tokenOut: Token): Promise<{ amountIn: bigint; outAmount: bigint }> {
  let amountIn = 10n ** BigInt(tokenIn.decimals);
  for (let step = 0; ; step++) {
    const route = await router.quote(tokenIn, tokenOut, amountIn);
    if (route.best.outAmount >= MIN_OUTPUT_UNITS || step === MAX_SCALE_STEPS) return { amountIn, outAmount: route.best.outAmount };
    amountIn *= 10n;
  }
}
