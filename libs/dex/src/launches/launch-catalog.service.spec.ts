import { slotAt, slotStartMs } from '../chain/slot.clock';
import { validateDexOptions } from '../dex.options';
import { FakeClock } from '../testing/fake-clock';
import { LaunchCatalog, LAUNCH_RETENTION_MS, MAX_KNOWN_LAUNCHES } from './launch-catalog.service';
import { AdHocLaunchRecord, LaunchStore } from './launch.types';

/** A scheduled launch of the default 5-minute cadence (n × 300000 ms). */
const LAUNCH_MS = 1_750_000_200_000;

function catalog(seed = 'catalog-seed', atMs = LAUNCH_MS - 30_000, extra: Record<string, number> = {}, store?: LaunchStore) {
  const clock = new FakeClock(atMs);
  const options = validateDexOptions({ seed, latency: 'off', faultRate: 0, ...extra });
  return { clock, launches: new LaunchCatalog(options, clock, store) };
}

/** A store as Postgres keeps it, shared by the catalogs given it. */
function memoryStore(): LaunchStore & { rows: AdHocLaunchRecord[] } {
  const rows: AdHocLaunchRecord[] = [];
  return {
    rows,
    create: async (launch) => {
      const row = { seq: rows.length + 1, ...launch };
      rows.push(row);
      return row;
    },
    latest: async (limit) => [...rows].reverse().slice(0, limit),
  };
}

describe('LaunchCatalog', () => {
  it('announces the next scheduled launch a minute ahead, with its slot, and not before', () => {
    const { clock, launches } = catalog();
    const [next] = launches.upcoming(clock.now());
    expect(next).toMatchObject({ source: 'scheduled', index: LAUNCH_MS / 300_000, launchAtMs: LAUNCH_MS, announcedAtMs: LAUNCH_MS - 60_000 });
    expect(next.launchSlot).toBe(slotAt(LAUNCH_MS));
    expect(slotStartMs(next.launchSlot)).toBe(LAUNCH_MS);
    expect(next.token.decimals).toBe(6);
    const early = catalog('catalog-seed', LAUNCH_MS - 61_000).launches;
    expect(early.upcoming()).toEqual([]);
    expect(early.get(next.token.mint)).toBeUndefined();
  });

  it('derives the same launches from the same seed, and others from another seed', () => {
    const a = catalog('seed-a').launches.list();
    expect(catalog('seed-a').launches.list()).toEqual(a);
    const b = catalog('seed-b').launches.list();
    expect(b.map((l) => l.launchAt)).toEqual(a.map((l) => l.launchAt));
    expect(b.map((l) => l.mint)).not.toEqual(a.map((l) => l.mint));
    expect(b.map((l) => l.symbol)).not.toEqual(a.map((l) => l.symbol));
  });

  it('finds a launch by mint or by symbol in any case, and knows when it trades', () => {
    const { clock, launches } = catalog();
    const [next] = launches.upcoming();
    expect(launches.get(next.token.symbol.toLowerCase())).toBe(next);
    expect(launches.launchSlot(next.token.mint)).toBe(next.launchSlot);
    expect(launches.isTradable(next.token.mint, LAUNCH_MS - 1)).toBe(false);
    expect(launches.isTradable(next.token.mint, LAUNCH_MS)).toBe(true);
    expect(launches.stateAt(next.token.mint, clock.now())).toBe('announced');
    expect(launches.stateAt(next.token.mint, LAUNCH_MS)).toBe('trading');
    expect(launches.view(next.token.mint)).toMatchObject({
      symbol: next.token.symbol,
      state: 'announced',
      launchAt: new Date(LAUNCH_MS).toISOString(),
      announcedAt: new Date(LAUNCH_MS - 60_000).toISOString(),
      graduatedAt: null,
      venue: null,
      curve: { initialVirtualSolReserves: '30', initialVirtualTokenReserves: '1073000000', initialRealTokenReserves: '793100000', feeBps: 100 },
    });
  });

  it('lists newest first, and forgets launches a day after they opened', () => {
    const { clock, launches } = catalog();
    const items = launches.list();
    expect(items.length).toBe(50);
    expect(items[0].state).toBe('announced');
    const times = items.map((l) => Date.parse(l.launchAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const oldest = launches.list(clock.now(), MAX_KNOWN_LAUNCHES).at(-1)!;
    expect(Date.parse(oldest.launchAt)).toBeGreaterThanOrEqual(clock.now() - LAUNCH_RETENTION_MS);
    clock.advance(LAUNCH_RETENTION_MS + 300_000);
    expect(launches.get(oldest.mint)).toBeUndefined();
  });

  it('has no scheduled launches with an interval of 0', () => {
    expect(catalog('catalog-seed', LAUNCH_MS, { launchIntervalMs: 0 }).launches.list()).toEqual([]);
  });

  it('schedules an ad-hoc launch a few slots ahead, known at once to the process that made it', async () => {
    const { clock, launches } = catalog('catalog-seed', LAUNCH_MS + 123, { launchIntervalMs: 0 });
    const view = await launches.schedule();
    expect(view).toMatchObject({ source: 'adhoc', state: 'announced', announcedAt: new Date(clock.now()).toISOString() });
    expect(Date.parse(view.launchAt) - clock.now()).toBeGreaterThanOrEqual(2_000);
    expect(Date.parse(view.launchAt) - clock.now()).toBeLessThan(2_400);
    expect(launches.get(view.symbol)?.token.mint).toBe(view.mint);
    const later = await launches.schedule(60_000);
    expect(later.symbol).not.toBe(view.symbol);
    expect(launches.upcoming().map((l) => l.token.mint)).toEqual([view.mint, later.mint]);
  });

  it('shares ad-hoc launches through the store: another process knows one after its next refresh', async () => {
    const store = memoryStore();
    const here = catalog('shared-seed', LAUNCH_MS, { launchIntervalMs: 0 }, store).launches;
    const there = catalog('shared-seed', LAUNCH_MS, { launchIntervalMs: 0 }, store).launches;
    const made = await here.schedule(10_000);
    expect(there.get(made.mint)).toBeUndefined();
    await there.refresh();
    expect(there.view(made.mint)).toEqual(made);
    expect(store.rows).toEqual([{ seq: 1, launchSlot: made.launchSlot, announcedAtMs: LAUNCH_MS }]);
  });
});
