import { formatAmount } from '../amounts/amount.codec';
import { DexError } from '../errors/dex.error';
import { Token } from '../tokens/token.constants';
import { VenueQuote } from '../venues/venue.interface';
import { RouteCandidate } from './route.types';
import { VenueOutcome } from './venue-call';

export function toCandidate(outcome: VenueOutcome): RouteCandidate {
  const { quote, error } = outcome;
  if (quote) {
    const { venue, poolId, outAmount, feeAmount, priceImpactBps } = quote;
    return { venue, poolId, outAmount, feeAmount, priceImpactBps };
  }
  return {
    venue: outcome.venue.name,
    poolId: outcome.poolId,
    error: { code: error!.code, message: error!.message },
  };
}

/** Why the winner won, in one sentence a user can read. `ranked` is best first and non-empty. */
export function explainChoice(ranked: VenueQuote[], outcomes: VenueOutcome[], tokenOut: Token): string {
  const [best, runnerUp] = ranked;
  const gives = `${best.venue} gives ${formatAmount(best.outAmount, tokenOut.decimals)} ${tokenOut.symbol}`;
  const failures = outcomes
    .filter((outcome) => outcome.error)
    .map((outcome) => `${outcome.venue.name} failed (${outcome.error!.code})`);
  let sentence: string;
  if (runnerUp) {
    const edgeBps = ((best.outAmount - runnerUp.outAmount) * 10_000n) / runnerUp.outAmount;
    sentence = `${gives}, ${edgeBps} bps more than ${runnerUp.venue}`;
  } else if (outcomes.length === 1) {
    sentence = `${gives}; it is the only venue with this pair`;
  } else {
    sentence = `${gives}; it is the only venue that answered`;
  }
  return failures.length ? `${sentence}; ${failures.join(', ')}` : sentence;
}

/**
 * Every venue failed. One shared code is the answer (RPC_TIMEOUT everywhere is worth retrying, draining
 * every pool is not); mixed causes mean there is no route now.
 */
export function failureOf(outcomes: VenueOutcome[], tokenIn: Token, tokenOut: Token): DexError {
  const errors = outcomes.map((outcome) => outcome.error!);
  const pair = `${tokenIn.symbol}->${tokenOut.symbol}`;
  const details = {
    tokenIn: tokenIn.symbol,
    tokenOut: tokenOut.symbol,
    candidates: outcomes.map((outcome) => ({ venue: outcome.venue.name, ...toCandidate(outcome).error })),
  };
  const summary = outcomes.map((o) => `${o.venue.name}: ${o.error!.message}`).join('; ');
  const codes = new Set(errors.map((error) => error.code));
  const code = codes.size === 1 ? errors[0].code : 'NO_ROUTE';
  return new DexError(code, `no venue could quote ${pair} (${summary})`, details);
}
