/**
 * The counters of one load run, in a file of their own so the load generator, the progress line
 * and the report can all read them without importing each other.
 */
import { OrderTrack } from './order-client';

/** Counters shared with the progress line and the report. */
export class LoadState {
  tracks: OrderTrack[] = [];
  submitted = 0;
  accepted = 0;
  terminal = 0;
  rejected: Record<string, number> = {};
  inflight = 0;
  openSockets = 0;
  firstSubmitWall: number | null = null;
  lastSubmitWall: number | null = null;
  lastAcceptWall: number | null = null;
}
