import { Token } from '../tokens/token.constants';
import { LaunchSource } from './launch-identity';

/** Where a launch stands at a moment: announced (not tradable), on its curve, or graduated to its AMM pool. */
export type LaunchState = 'announced' | 'trading' | 'graduated';

/** A token launch as the market knows it; everything else about it is derived from the seed and the time. */
export interface Launch {
  /** Symbol, mint, and 6 decimals. */
  readonly token: Token;
  readonly source: LaunchSource;
  /** Scheduled: n, the launch at n × SIM_LAUNCH_INTERVAL_MS. Ad-hoc: the sequence of its row. */
  readonly index: number;
  /** The first slot it trades in (slots of 400 ms). */
  readonly launchSlot: number;
  /** The start of launchSlot, epoch ms. */
  readonly launchAtMs: number;
  /** When it became known: SIM_LAUNCH_ANNOUNCE_MS before a scheduled launch; its creation for an ad-hoc one. */
  readonly announcedAtMs: number;
}

/** The curve's reserves, in token units as decimal strings (SOL with 9 decimals, the token with 6). */
export interface CurveReservesView {
  virtualSolReserves: string;
  virtualTokenReserves: string;
  realSolReserves: string;
  realTokenReserves: string;
}

/** A launch as GET /api/launches and POST /api/sim/launches show it. Amounts are decimal strings in token units. */
export interface LaunchView {
  mint: string;
  symbol: string;
  decimals: number;
  source: LaunchSource;
  announcedAt: string;
  launchAt: string;
  launchSlot: number;
  state: LaunchState;
  /** When the curve filled (ISO), once it has; null before. */
  graduatedAt: string | null;
  /** The launchpad's constants: the curve every launch starts from. */
  curve: {
    totalSupply: string;
    initialVirtualSolReserves: string;
    initialVirtualTokenReserves: string;
    initialRealTokenReserves: string;
    /** Kept back from the curve and deposited in the AMM pool at graduation. */
    reservedTokens: string;
    feeBps: number;
  };
  /** The curve at the moment of the view (frozen once complete). */
  reserves: CurveReservesView;
  /** Where it trades at the moment of the view: the launchpad curve, its AMM pool, or nowhere yet. */
  venue: 'launchpad' | 'raydium' | null;
  poolId: string | null;
}

/** An ad-hoc launch as stored: its sequence fixes its mint and symbol (with the seed). */
export interface AdHocLaunchRecord {
  seq: number;
  launchSlot: number;
  announcedAtMs: number;
}

/**
 * Port: where ad-hoc launches (POST /api/sim/launches) are kept so that every api and worker
 * process knows them. libs/launches implements it on a Postgres table; the dex never sees SQL.
 */
export interface LaunchStore {
  /** Stores a new ad-hoc launch and returns it with its sequence number. */
  create(launch: { launchSlot: number; announcedAtMs: number }): Promise<AdHocLaunchRecord>;
  /** The `limit` latest ad-hoc launches (highest sequence first). */
  latest(limit: number): Promise<AdHocLaunchRecord[]>;
}

/** DI token of the LaunchStore; when no module provides one, ad-hoc launches stay in the process. */
export const LAUNCH_STORE = Symbol('LAUNCH_STORE');
