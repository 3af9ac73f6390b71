import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { slotAt } from '../chain/slot.clock';
import type { Clock } from '../clock/clock.interface';
import { CLOCK } from '../clock/clock.interface';
import type { DexOptions } from '../dex.options';
import { DEFAULT_LAUNCH_REFRESH_MS, DEX_OPTIONS } from '../dex.options';
import { SeededRandom } from '../random/seeded-random';
import { Token, TOKENS } from '../tokens/token.constants';
import { BondingCurveState } from './bonding-curve.math';
import { LaunchMarket } from './launch-market';
import { firstSlotFrom } from './launch-schedule';
import { toLaunchView } from './launch-view';
import type { Launch, LaunchState, LaunchStore, LaunchView } from './launch.types';
import { LAUNCH_STORE } from './launch.types';
import { KnownLaunches } from './known-launches';

/** A launch is forgotten a day after it opened (its pools with it). */
export const LAUNCH_RETENTION_MS = 24 * 60 * 60 * 1_000;
/** At most this many scheduled, and this many ad-hoc, launches are known at once. */
export const MAX_KNOWN_LAUNCHES = 512;
/** GET /api/launches lists at most this many, newest first. */
export const MAX_LISTED_LAUNCHES = 50;
/** An ad-hoc launch without a delay opens five slots after it is made. */
export const DEFAULT_AD_HOC_DELAY_MS = 2_000;

const SOL_MINT = TOKENS.find((t) => t.symbol === 'SOL')!.mint;
const STATIC_MINTS = new Set(TOKENS.map((t) => t.mint));

/**
 * Every token launch a process knows: scheduled ones derived from the seed and the clock (launch n
 * at n × SIM_LAUNCH_INTERVAL_MS, announced SIM_LAUNCH_ANNOUNCE_MS ahead) and ad-hoc ones made with
 * schedule() and kept in the LaunchStore, which every process reloads each SIM_LAUNCH_REFRESH_MS
 * (the one that made a launch knows it at once). Bounded: launches opened more than a day ago, and
 * all but the latest 512 of each kind, are forgotten.
 *
 * For sniper orders (exported from @app/dex): get(mintOrSymbol) → Launch (token, launchSlot,
 * launchAtMs, announcedAtMs); view(mintOrSymbol, atMs?) → LaunchView (the public JSON, with state
 * announced|trading|graduated and graduatedAt); upcoming(nowMs) → the launches announced but not yet
 * open, soonest first; isTradable(mint, atMs); launchSlot(mint); stateAt(mint, atMs); curveAt(mint,
 * atMs) → the curve's reserves as derived (no launchQueue). Times are epoch ms of the injected clock.
 */
@Injectable()
export class LaunchCatalog implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LaunchCatalog.name);
  private readonly known: KnownLaunches;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private refreshing?: Promise<void>;
  private storeFailing = false;
  /** Sequence of ad-hoc launches when there is no store (unit tests): they live in this process only. */
  private localSeq = 0;

  constructor(
    @Inject(DEX_OPTIONS) private readonly options: DexOptions,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(LAUNCH_STORE) private readonly store?: LaunchStore,
  ) {
    this.known = new KnownLaunches(new SeededRandom(options.seed), {
      intervalMs: options.launchIntervalMs ?? 0,
      announceMs: options.launchAnnounceMs ?? 0,
      retentionMs: LAUNCH_RETENTION_MS,
      maxKnown: MAX_KNOWN_LAUNCHES,
    });
  }

  /** An announced or launched token by exact mint or by symbol (any case); undefined if not known now. */
  get(mintOrSymbol: string): Launch | undefined {
    return this.market(mintOrSymbol.trim())?.launch;
  }

  view(mintOrSymbol: string, atMs: number = this.clock.now()): LaunchView | undefined {
    const market = this.market(mintOrSymbol.trim());
    return market && toLaunchView(market, atMs);
  }

  /** Upcoming and recent launches, newest (latest launch time) first, at most `limit`. */
  list(atMs: number = this.clock.now(), limit = MAX_LISTED_LAUNCHES): LaunchView[] {
    return this.markets()
      .sort((a, b) => b.launch.launchAtMs - a.launch.launchAtMs || b.launch.announcedAtMs - a.launch.announcedAtMs)
      .slice(0, limit)
      .map((market) => toLaunchView(market, atMs));
  }

  /** Launches announced but not yet open at `nowMs`, soonest first. */
  upcoming(nowMs: number = this.clock.now()): Launch[] {
    return this.markets()
      .map((market) => market.launch)
      .filter((launch) => launch.launchAtMs > nowMs && launch.announcedAtMs <= nowMs)
      .sort((a, b) => a.launchAtMs - b.launchAtMs);
  }

  /** True from the launch's slot on (on its curve, or on its AMM pool once graduated). */
  isTradable(mint: string, atMs: number): boolean {
    const launch = this.get(mint);
    return launch !== undefined && slotAt(atMs) >= launch.launchSlot;
  }

  launchSlot(mint: string): number | undefined {
    return this.get(mint)?.launchSlot;
  }

  stateAt(mint: string, atMs: number): LaunchState | undefined {
    return this.market(mint)?.stateAt(atMs);
  }

  /** The curve as derived at `atMs` (seeded background buys only; frozen once complete). */
  curveAt(mint: string, atMs: number): BondingCurveState | undefined {
    return this.market(mint)?.curveAt(atMs);
  }

  /**
   * Makes an ad-hoc launch opening in the first slot at least `inMs` from now, stored so that every
   * process learns it (within SIM_LAUNCH_REFRESH_MS); this process knows it at once.
   */
  async schedule(inMs: number = DEFAULT_AD_HOC_DELAY_MS): Promise<LaunchView> {
    const now = this.clock.now();
    const wanted = { launchSlot: firstSlotFrom(now + Math.max(0, inMs)), announcedAtMs: now };
    const record = this.store ? await this.store.create(wanted) : { seq: ++this.localSeq, ...wanted };
    const atMs = this.clock.now();
    this.known.putAdHoc([record], atMs);
    return toLaunchView(this.known.adHocLaunch(record.seq)!, atMs);
  }

  /** Reloads the ad-hoc launches from the store (one reload at a time). */
  refresh(): Promise<void> {
    if (!this.store) return Promise.resolve();
    this.refreshing ??= this.store
      .latest(MAX_KNOWN_LAUNCHES)
      .then((records) => this.known.putAdHoc(records, this.clock.now()))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The launch's market (for the launch venues). */
  market(mintOrSymbol: string): LaunchMarket | undefined {
    return this.known.at(this.clock.now()).find(mintOrSymbol);
  }

  /** The launch a SOL/TOKEN pair trades, if the pair is one. */
  forPair(a: Token, b: Token): LaunchMarket | undefined {
    if (a.mint === SOL_MINT && !STATIC_MINTS.has(b.mint)) return this.known.at(this.clock.now()).find(b.mint);
    if (b.mint === SOL_MINT && !STATIC_MINTS.has(a.mint)) return this.known.at(this.clock.now()).find(a.mint);
    return undefined;
  }

  now(): number {
    return this.clock.now();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.store) return;
    await this.refreshLogged();
    this.loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.refreshing?.catch(() => undefined);
  }

  private markets(): LaunchMarket[] {
    return this.known.at(this.clock.now()).all();
  }

  private loop(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refreshLogged().finally(() => this.loop()), this.options.launchRefreshMs ?? DEFAULT_LAUNCH_REFRESH_MS);
    this.timer.unref();
  }

  /** A failing store is logged once, and its recovery once, not every second. */
  private async refreshLogged(): Promise<void> {
    try {
      await this.refresh();
      if (this.storeFailing) this.logger.log('ad-hoc launches are being reloaded again');
      this.storeFailing = false;
    } catch (error) {
      if (!this.storeFailing) this.logger.warn(`could not reload ad-hoc launches: ${(error as Error).message}`);
      this.storeFailing = true;
    }
  }
}
