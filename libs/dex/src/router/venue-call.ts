import { Clock } from '../clock/clock.interface';
import { DexError } from '../errors/dex.error';
import { Token } from '../tokens/token.constants';
import { Venue, VenueQuote } from '../venues/venue.interface';

export interface VenueCall {
  venue: Venue;
  poolId: string;
  tokenIn: Token;
  amountIn: bigint;
  startedAt: number;
  latencyMs: number;
  timeoutMs: number;
  /** An injected RPC fault: the venue never answers. */
  faulted: boolean;
}

export interface VenueOutcome {
  venue: Venue;
  poolId: string;
  quote?: VenueQuote;
  error?: DexError;
}

/**
 * One simulated RPC round trip to a venue. The latency is known in advance (seeded), so a call slower
 * than the timeout, or one that never answers, waits exactly the timeout and fails: the same outcome as
 * racing a timer, without leaving timers behind.
 */
export async function callVenue(call: VenueCall, clock: Clock): Promise<VenueOutcome> {
  const { venue, poolId } = call;
  if (call.faulted || call.latencyMs > call.timeoutMs) {
    await clock.sleep(call.timeoutMs);
    const error = new DexError('RPC_TIMEOUT', `${venue.name} did not answer within ${call.timeoutMs} ms`, {
      venue: venue.name,
      poolId,
    });
    return { venue, poolId, error };
  }
  await clock.sleep(call.latencyMs);
  try {
    // The venue answers with its pool as it stands when the RPC node reads it.
    const at = call.startedAt + call.latencyMs;
    return { venue, poolId, quote: venue.quoteAt(poolId, call.tokenIn, call.amountIn, at) };
  } catch (error) {
    if (error instanceof DexError) return { venue, poolId, error };
    throw error;
  }
}
