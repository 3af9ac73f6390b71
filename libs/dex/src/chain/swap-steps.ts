import { formatAmount } from '../amounts/amount.codec';
import { ceilDiv } from '../market/bigint-math';
import { Route } from '../router/route.types';
import { Token, tokenBySymbol } from '../tokens/token.constants';

export const COMPUTE_UNIT_LIMIT = 200_000n;
export const COMPUTE_UNIT_PRICE_MICRO_LAMPORTS = 50_000n;
export const SIGNATURE_FEE_LAMPORTS = 5_000n;
export const PRIORITY_FEE_LAMPORTS = ceilDiv(COMPUTE_UNIT_LIMIT * COMPUTE_UNIT_PRICE_MICRO_LAMPORTS, 1_000_000n);
/** Paid by any transaction that lands, even one whose swap fails. */
export const NETWORK_FEE_LAMPORTS = SIGNATURE_FEE_LAMPORTS + PRIORITY_FEE_LAMPORTS;
/** Rent-exempt minimum of a 165-byte token account (the temporary wSOL account). */
export const TOKEN_ACCOUNT_RENT_LAMPORTS = 2_039_280n;

const SOL = tokenBySymbol('SOL');

/** The transaction's instructions in words, as a user would want them explained. */
export function swapSteps(route: Route, minAmountOut: bigint, slippageBps: number): string[] {
  const { tokenIn, tokenOut, best } = route;
  const isSol = (token: Token) => token.mint === SOL.mint;
  const amount = (value: bigint, token: Token) => `${formatAmount(value, token.decimals)} ${token.symbol}`;
  const rent = `rent deposit ${amount(TOKEN_ACCOUNT_RENT_LAMPORTS, SOL)}, refunded on close`;
  const steps = [
    `ComputeBudget: SetComputeUnitLimit ${COMPUTE_UNIT_LIMIT}`,
    `ComputeBudget: SetComputeUnitPrice ${COMPUTE_UNIT_PRICE_MICRO_LAMPORTS} micro-lamports ` +
      `(priority fee ${amount(PRIORITY_FEE_LAMPORTS, SOL)})`,
  ];
  if (isSol(tokenIn) || isSol(tokenOut)) steps.push(`Create a temporary wSOL account (${rent})`);
  if (isSol(tokenIn)) steps.push(`Wrap ${amount(route.inAmount, SOL)} into wSOL (transfer + SyncNative)`);
  steps.push(
    `Swap ${amount(route.inAmount, tokenIn)} for ${tokenOut.symbol} on ${best.venue} pool ${best.poolId}: ` +
      `quoted ${amount(best.outAmount, tokenOut)}, minAmountOut ${amount(minAmountOut, tokenOut)} ` +
      `(slippage ${slippageBps} bps)`,
  );
  if (isSol(tokenOut)) {
    steps.push('Unwrap wSOL: close the temporary account, receiving the SOL and the rent deposit');
  } else if (isSol(tokenIn)) {
    steps.push('Close the temporary wSOL account: the rent deposit is refunded');
  }
  return steps;
}
