import { formatAmount } from '../amounts/amount.codec';
import { NetworkFees } from '../fees/network-fees';
import { Route, RouteLeg } from '../router/route.types';
import { Token, tokenBySymbol } from '../tokens/token.constants';

/** Rent-exempt minimum of a 165-byte token account (the temporary wSOL account). */
export const TOKEN_ACCOUNT_RENT_LAMPORTS = 2_039_280n;

const SOL = tokenBySymbol('SOL');
const isSol = (token: Token) => token.mint === SOL.mint;
const amount = (value: bigint, token: Token) => `${formatAmount(value, token.decimals)} ${token.symbol}`;

/**
 * The transaction's instructions in words, as a user would want them explained: the compute
 * budget at the chosen price, the wSOL wrap, each swap, the floor, the unwrap, and the Jito tip
 * transfer when the trader tips (`tipAccount`).
 */
export function swapSteps(
  route: Route,
  minAmountOut: bigint,
  slippageBps: number,
  fees: NetworkFees,
  tipAccount?: string,
): string[] {
  const { tokenIn, tokenOut, best } = route;
  const rent = `rent deposit ${amount(TOKEN_ACCOUNT_RENT_LAMPORTS, SOL)}, refunded on close`;
  const auto = fees.auto
    ? `auto for a ${fees.auto.congestion} network${fees.auto.capped ? ', held down by the cap' : ''}; `
    : '';
  const steps = [
    `ComputeBudget: SetComputeUnitLimit ${best.computeUnits}`,
    `ComputeBudget: SetComputeUnitPrice ${fees.computeUnitPriceMicroLamports} micro-lamports ` +
      `(${auto}priority fee ${amount(fees.priorityFeeLamports, SOL)})`,
  ];
  if (isSol(tokenIn) || isSol(tokenOut)) steps.push(`Create a temporary wSOL account (${rent})`);
  if (isSol(tokenIn)) steps.push(`Wrap ${amount(route.inAmount, SOL)} into wSOL (transfer + SyncNative)`);
  steps.push(...best.legs.map(describeLeg));
  steps.push(
    `Check minAmountOut: at least ${amount(minAmountOut, tokenOut)} received (quoted ` +
      `${amount(best.outAmount, tokenOut)}, slippage ${slippageBps} bps), or the whole transaction fails`,
  );
  if (isSol(tokenOut)) {
    steps.push('Unwrap wSOL: close the temporary account, receiving the SOL and the rent deposit');
  } else if (isSol(tokenIn)) {
    steps.push('Close the temporary wSOL account: the rent deposit is refunded');
  }
  if (fees.jitoTipLamports > 0n && tipAccount) {
    steps.push(
      `Tip ${amount(fees.jitoTipLamports, SOL)} to Jito tip account ${tipAccount} (System Program transfer; ` +
        'at or above the tip floor, the transaction lands as a bundle in the next slot)',
    );
  }
  return steps;
}

function describeLeg(leg: RouteLeg): string {
  const input = leg.chained ? `all the ${leg.tokenIn.symbol} received` : amount(leg.inAmount, leg.tokenIn);
  return `Swap ${input} for ${leg.tokenOut.symbol} on ${leg.venue} pool ${leg.poolId} (quoted ${amount(leg.outAmount, leg.tokenOut)})`;
}
