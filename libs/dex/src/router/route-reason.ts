import { formatAmount } from '../amounts/amount.codec';
import { DexError, DexErrorCode } from '../errors/dex.error';
import { Token } from '../tokens/token.constants';
import { RouteCandidate, RouteOption } from './route.types';

/** Best score first; on an exact tie the option found first (single pools, in venue order) wins. */
export function rankOptions(options: RouteOption[]): RouteOption[] {
  return [...options].sort((a, b) => (a.score === b.score ? 0 : a.score > b.score ? -1 : 1));
}

/** Why the winner won, in a sentence a user can read, and its edge over the next best in bps. */
export function explainChoice(
  ranked: RouteOption[],
  failedReads: RouteCandidate[],
  tokenOut: Token,
): { reason: string; gainBps: number | null } {
  const [best, runnerUp] = ranked;
  const gives = `${best.label} gives ${formatAmount(best.outAmount, tokenOut.decimals)} ${tokenOut.symbol}`;
  let sentence: string;
  let gainBps: number | null = null;
  if (runnerUp && runnerUp.score > 0n) {
    gainBps = Number(((best.score - runnerUp.score) * 10_000n) / runnerUp.score);
    sentence = `${gives}, ${gainBps} bps more than ${runnerUp.label} after network fees`;
  } else {
    sentence = `${gives}; it is the only route`;
  }
  const failures = failedReads.map((c) => `${c.label} failed (${c.error!.code})`);
  return { reason: failures.length ? `${sentence}; ${failures.join(', ')}` : sentence, gainBps };
}

/**
 * Nothing could fill the order. One shared code is the answer (RPC_TIMEOUT everywhere is worth
 * retrying, draining every pool is not); mixed causes mean there is no route now.
 */
export function failureOf(candidates: RouteCandidate[], tokenIn: Token, tokenOut: Token): DexError {
  const pair = `${tokenIn.symbol}->${tokenOut.symbol}`;
  const errors = candidates.filter((c) => c.error).map((c) => c.error!);
  const codes = new Set(errors.map((e) => e.code));
  const code = codes.size === 1 ? errors[0].code : DexErrorCode.NO_ROUTE;
  const summary = candidates.map((c) => `${c.label}: ${c.error?.message ?? 'no output'}`).join('; ');
  return new DexError(code, `no route could fill ${pair} (${summary})`, {
    tokenIn: tokenIn.symbol,
    tokenOut: tokenOut.symbol,
    candidates: candidates.map((c) => ({ route: c.label, ...c.error })),
  });
}
