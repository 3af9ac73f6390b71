import { slotStartMs } from '../chain/slot.clock';
import { SeededRandom } from '../random/seeded-random';
import { Token } from '../tokens/token.constants';
import { LAUNCH_TOKEN_DECIMALS } from './bonding-curve.math';
import { launchMint, LaunchSource, launchSymbol } from './launch-identity';
import { LaunchMarket } from './launch-market';
import { knownScheduledLaunches, scheduledLaunchSlot, ScheduleWindow } from './launch-schedule';
import { AdHocLaunchRecord, Launch } from './launch.types';

/** Ad-hoc launches outside the retention are pruned at most this often (lookups stay O(1)). */
const PRUNE_EVERY_MS = 1_000;

/**
 * The launches a process knows at a moment, bounded: scheduled ones from the announced to those
 * opened within the retention (at most maxKnown of them), and the latest maxKnown ad-hoc ones
 * opened within the retention. Indexed by mint and by symbol.
 */
export class KnownLaunches {
  private readonly scheduled = new Map<number, LaunchMarket>();
  private range?: { first: number; last: number };
  private readonly adHoc = new Map<number, LaunchMarket>();
  private readonly byMint = new Map<string, LaunchMarket>();
  private readonly bySymbol = new Map<string, LaunchMarket>();
  private prunedAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly random: SeededRandom,
    private readonly window: ScheduleWindow,
  ) {}

  /** Brings the set up to `nowMs`: new announcements in, launches past the retention out. */
  at(nowMs: number): this {
    this.syncScheduled(nowMs);
    if (this.adHoc.size > 0 && Math.abs(nowMs - this.prunedAtMs) >= PRUNE_EVERY_MS) this.pruneAdHoc(nowMs);
    return this;
  }

  /** By exact mint, or by symbol in any case. */
  find(mintOrSymbol: string): LaunchMarket | undefined {
    return this.byMint.get(mintOrSymbol) ?? this.bySymbol.get(mintOrSymbol.toUpperCase());
  }

  adHocLaunch(seq: number): LaunchMarket | undefined {
    return this.adHoc.get(seq);
  }

  all(): LaunchMarket[] {
    return [...this.scheduled.values(), ...this.adHoc.values()];
  }

  /** Ad-hoc launches from the store: new ones join (known ones keep their memoized market). */
  putAdHoc(records: AdHocLaunchRecord[], nowMs: number): void {
    for (const record of records) {
      if (this.adHoc.has(record.seq)) continue;
      if (slotStartMs(record.launchSlot) < nowMs - this.window.retentionMs) continue;
      const launch = describe(this.random, 'adhoc', record.seq, record.launchSlot, record.announcedAtMs);
      this.adHoc.set(record.seq, this.index(new LaunchMarket(this.random, launch)));
    }
    this.pruneAdHoc(nowMs);
  }

  private syncScheduled(nowMs: number): void {
    const range = knownScheduledLaunches(nowMs, this.window);
    if (range?.first === this.range?.first && range?.last === this.range?.last) return;
    this.range = range;
    for (const [n, market] of this.scheduled) {
      if (!range || n < range.first || n > range.last) this.forget(this.scheduled, n, market);
    }
    if (!range) return;
    const { intervalMs, announceMs } = this.window;
    for (let n = range.first; n <= range.last; n++) {
      if (this.scheduled.has(n)) continue;
      const launchSlot = scheduledLaunchSlot(n, intervalMs);
      const launch = describe(this.random, 'scheduled', n, launchSlot, slotStartMs(launchSlot) - announceMs);
      this.scheduled.set(n, this.index(new LaunchMarket(this.random, launch)));
    }
  }

  private pruneAdHoc(nowMs: number): void {
    this.prunedAtMs = nowMs;
    const newestFirst = [...this.adHoc.keys()].sort((a, b) => b - a);
    newestFirst.forEach((seq, rank) => {
      const market = this.adHoc.get(seq)!;
      const expired = market.launch.launchAtMs < nowMs - this.window.retentionMs;
      if (expired || rank >= this.window.maxKnown) this.forget(this.adHoc, seq, market);
    });
  }

  private index(market: LaunchMarket): LaunchMarket {
    this.byMint.set(market.launch.token.mint, market);
    this.bySymbol.set(market.launch.token.symbol, market);
    return market;
  }

  private forget(from: Map<number, LaunchMarket>, key: number, market: LaunchMarket): void {
    from.delete(key);
    const { mint, symbol } = market.launch.token;
    if (this.byMint.get(mint) === market) this.byMint.delete(mint);
    if (this.bySymbol.get(symbol) === market) this.bySymbol.delete(symbol);
  }
}

function describe(random: SeededRandom, source: LaunchSource, index: number, launchSlot: number, announcedAtMs: number): Launch {
  const token: Token = Object.freeze({
    symbol: launchSymbol(random, source, index),
    mint: launchMint(random, source, index),
    decimals: LAUNCH_TOKEN_DECIMALS,
  });
  return Object.freeze({ token, source, index, launchSlot, launchAtMs: slotStartMs(launchSlot), announcedAtMs });
}
