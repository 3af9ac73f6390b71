import { DexErrorCode } from '../errors/dex.error';
import { Token } from '../tokens/token.constants';
import { VenueQuote } from '../venues/venue.interface';

/** One venue the router asked: its quote, or why it could not give one. */
export interface RouteCandidate {
  venue: string;
  poolId?: string;
  outAmount?: bigint;
  feeAmount?: bigint;
  priceImpactBps?: number;
  error?: { code: DexErrorCode; message: string };
}

/** The router's answer: the winning venue quote, every candidate, and why the winner won. */
export interface Route {
  tokenIn: Token;
  tokenOut: Token;
  inAmount: bigint;
  best: VenueQuote;
  candidates: RouteCandidate[];
  /** A sentence for the user, e.g. "meteora gives 1495.5 USDC, 12 bps more than raydium". */
  reason: string;
  /** Epoch ms; quotes go stale after QUOTE_TTL_MS. */
  quotedAt: number;
  expiresAt: number;
}

export const QUOTE_TTL_MS = 10_000;
