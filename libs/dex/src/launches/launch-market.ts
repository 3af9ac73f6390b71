/*
 * A launch's market, DERIVED from (seed, launch, time) like every other pool, never stored: every
 * process computes the same curve at the same moment.
 *
 * After its launch slot, a launch meets seeded background buying for ten minutes: one buy in each
 * 4 s window, at a seeded moment, of a seeded size around the launch's seeded popularity. About a
 * third of launches are "hot" (enough demand to fill 1.5–4 curves in those ten minutes, so the curve
 * completes after 2½–7 minutes); the rest are "cold" (5–70% of a curve) and never complete. The
 * buy that completes the curve takes only the tokens left (pump.fun's last buy); at that moment
 * the token graduates: a Raydium CPMM pool SOL/TOKEN opens holding the SOL the curve raised and
 * the 206,900,000 reserved tokens, and from then on moves with seeded background trades as the
 * other pools do.
 */
import { slotEndMs } from '../chain/slot.clock';
import { isqrt } from '../market/bigint-math';
import { E18, expE18 } from '../market/fixed-point.math';
import { PoolReserves } from '../market/market-state';
import { backgroundTradesE18 } from '../market/pool-price';
import { CpmmPoolDefinition } from '../market/pool.definitions';
import { SeededRandom } from '../random/seeded-random';
import { ConstantProductPool } from '../venues/constant-product.pool';
import { BondingCurveState, buyOnCurveUpTo, initialCurve, isComplete, RESERVED_TOKENS } from './bonding-curve.math';
import { Launch, LaunchState } from './launch.types';

const BUY_WINDOW_MS = 4_000;
/** Ten minutes of background buying, then the launch's demand is spent. */
const ACTIVE_WINDOWS = 150;
const HOT_SHARE = 0.35;
const HOT_DEMAND_PERCENT: [number, number] = [150, 400];
const COLD_DEMAND_PERCENT: [number, number] = [5, 70];
/** The gross SOL that fills a fresh curve (about 85.86 SOL). */
const FILL_SOL = buyOnCurveUpTo(initialCurve(), 1_000n * 10n ** 9n).amountIn;
/** The graduated pool: Raydium CPMM at 0.25%, as LaunchLab migrates to. */
const AMM_FEE_PPM = 2_500n;
const AMM_NOISE_PPM = 400n;

export const LAUNCHPAD_POOL_PREFIX = 'launchpad-';
export const GRADUATED_POOL_PREFIX = 'raydium-cpmm-launch-';

export function curvePoolId(mint: string): string {
  return `${LAUNCHPAD_POOL_PREFIX}${mint}`;
}

export function graduatedPoolId(mint: string): string {
  return `${GRADUATED_POOL_PREFIX}${mint}`;
}

interface CurvePoint {
  atMs: number;
  state: BondingCurveState;
}

/** One launch's curve through time and, once it graduates, its AMM pool. Memoizes its (pure) trajectory. */
export class LaunchMarket {
  private trajectory?: { points: CurvePoint[]; graduatedAtMs: number | null };
  private amm?: ConstantProductPool;

  constructor(
    private readonly random: SeededRandom,
    readonly launch: Launch,
  ) {}

  /** The curve at `atMs` (as launched before the first background buy). */
  curveAt(atMs: number): BondingCurveState {
    const { points } = this.trace();
    let [lo, hi] = [0, points.length - 1];
    if (hi < 0 || points[0].atMs > atMs) return initialCurve();
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (points[mid].atMs <= atMs) lo = mid;
      else hi = mid - 1;
    }
    return points[lo].state;
  }

  /** When the curve completes (epoch ms), or null if this launch never fills it. */
  graduatedAtMs(): number | null {
    return this.trace().graduatedAtMs;
  }

  stateAt(atMs: number): LaunchState {
    if (atMs < this.launch.launchAtMs) return 'announced';
    const graduatedAt = this.graduatedAtMs();
    return graduatedAt !== null && atMs >= graduatedAt ? 'graduated' : 'trading';
  }

  /** The graduated pool, quoting as any Raydium CPMM pool (base SOL, quote the token); only after graduatedAtMs. */
  ammPool(): ConstantProductPool {
    const graduatedAt = this.graduatedAtMs();
    if (graduatedAt === null) throw new Error(`${this.launch.token.symbol} has not graduated`);
    if (!this.amm) {
      const definition: CpmmPoolDefinition = {
        id: graduatedPoolId(this.launch.token.mint), venue: 'raydium', kind: 'cpmm', base: 'SOL',
        quote: this.launch.token.symbol, baseReserve: '0', feePpm: AMM_FEE_PPM, noisePpm: AMM_NOISE_PPM,
      };
      const seeded = { base: this.curveAt(graduatedAt).realSolReserves, quote: RESERVED_TOKENS };
      this.amm = new ConstantProductPool(definition, this.random, (atMs) =>
        ammReserves(this.random, definition, seeded, graduatedAt, atMs),
      );
    }
    return this.amm;
  }

  private trace(): { points: CurvePoint[]; graduatedAtMs: number | null } {
    this.trajectory ??= backgroundBuys(this.random, this.launch);
    return this.trajectory;
  }
}

function backgroundBuys(random: SeededRandom, launch: Launch): { points: CurvePoint[]; graduatedAtMs: number | null } {
  const key = `${launch.source}:${launch.index}`;
  const hot = random.chance(HOT_SHARE, 'launch', key, 'hot');
  const [min, max] = hot ? HOT_DEMAND_PERCENT : COLD_DEMAND_PERCENT;
  const demandPercent = BigInt(random.int(min, max, 'launch', key, 'demand'));
  const meanBuy = (FILL_SOL * demandPercent) / 100n / BigInt(ACTIVE_WINDOWS);
  const start = slotEndMs(launch.launchSlot);
  const points: CurvePoint[] = [];
  let state = initialCurve();
  for (let window = 0; window < ACTIVE_WINDOWS; window++) {
    const draw = random.bytes(12, 'launch', key, 'buy', window);
    const atMs = start + window * BUY_WINDOW_MS + (draw.readUInt32BE(0) % BUY_WINDOW_MS);
    const solIn = draw.readBigUInt64BE(4) % (2n * meanBuy + 1n);
    if (solIn === 0n) continue;
    state = buyOnCurveUpTo(state, solIn).after;
    points.push({ atMs, state });
    if (isComplete(state)) return { points, graduatedAtMs: atMs };
  }
  return { points, graduatedAtMs: null };
}

/**
 * The seeded reserves at graduation, moved since by the pool's background trades: with k fixed and
 * the price scaled by m, SOL = sqrt(s0²/m), tokens = sqrt(t0²·m) (floored, so k never grows).
 */
function ammReserves(
  random: SeededRandom,
  pool: CpmmPoolDefinition,
  seeded: PoolReserves,
  graduatedAtMs: number,
  atMs: number,
): PoolReserves {
  const since = backgroundTradesE18(random, pool, BigInt(Math.floor(atMs)));
  const before = backgroundTradesE18(random, pool, BigInt(graduatedAtMs));
  const multiplier = expE18(since - before);
  return {
    base: isqrt((seeded.base * seeded.base * E18) / multiplier),
    quote: isqrt((seeded.quote * seeded.quote * multiplier) / E18),
  };
}
