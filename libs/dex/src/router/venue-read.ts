import { Clock } from '../clock/clock.interface';
import { DexError, DexErrorCode } from '../errors/dex.error';
import { Venue } from '../venues/venue.interface';

export interface VenueReadCall {
  venue: Venue;
  startedAt: number;
  latencyMs: number;
  timeoutMs: number;
  /** An injected RPC fault: the venue never answers. */
  faulted: boolean;
}

/** A venue's pools as read over RPC: the moment they were read, or why they could not be. */
export interface VenueRead {
  venue: Venue;
  atMs: number;
  error?: DexError;
}

/**
 * One simulated RPC round trip reading a venue's pool accounts. The latency is known in advance
 * (seeded), so a call slower than the timeout, or one that never answers, waits exactly the
 * timeout and fails: the outcome of racing a timer, without leaving timers behind.
 */
export async function readVenue(call: VenueReadCall, clock: Clock): Promise<VenueRead> {
  const { venue } = call;
  if (call.faulted || call.latencyMs > call.timeoutMs) {
    await clock.sleep(call.timeoutMs);
    const error = new DexError(DexErrorCode.RPC_TIMEOUT, `${venue.name} did not answer within ${call.timeoutMs} ms`, {
      venue: venue.name,
    });
    return { venue, atMs: call.startedAt + call.timeoutMs, error };
  }
  await clock.sleep(call.latencyMs);
  // The pools as they stand when the RPC node reads them.
  return { venue, atMs: call.startedAt + call.latencyMs };
}
