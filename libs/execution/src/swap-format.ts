import { formatAmount, Token } from '@app/dex';

const PRICE_DECIMALS = 9;

/** Output per unit of input in token units, exact to 9 decimals (rounded down). */
export function executionPrice(amountIn: bigint, amountOut: bigint, tokenIn: Token, tokenOut: Token): string {
  const scaled =
    (amountOut * 10n ** BigInt(tokenIn.decimals + PRICE_DECIMALS)) / (amountIn * 10n ** BigInt(tokenOut.decimals));
  return formatAmount(scaled, PRICE_DECIMALS);
}
