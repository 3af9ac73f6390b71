/*
 * The reference price of each asset in USDC, as a pure function of (seed, asset, time): every process that
 * asks about the same moment gets the same price, with nothing stored or shared.
 *
 * log price(t) = ln(base price) + anchors(t) + bridge(t) + jumps(t), on bigint in 1e18 fixed point:
 * - Time is cut into epochs of 2^16 one-second steps (~18 hours). Each epoch boundary has a seeded anchor
 *   (roughly normal, spread anchorPpm) and the anchors are joined linearly: the long-run level, which keeps
 *   a market left running for months near its reference price instead of drifting off like a pure walk.
 * - Inside an epoch a Brownian bridge pinned to zero at both ends supplies the random walk. It is built top
 *   down: the value at the midpoint of an interval is the mean of its ends plus seeded noise of variance
 *   sigma²·length/4, keyed by the midpoint. Reaching the one-second step that holds t takes 16 halvings,
 *   so a price at any moment costs O(log t) hashes and never the path before it; within a second the price
 *   is linear. The increments are those of a walk of sigmaPpmPerMinute per sqrt(minute).
 * - Jumps (price-jumps.ts) add 1–3% moves a few times an hour, each fading over the following hour.
 * With SOL's 0.3%/sqrt(min) the bridge spreads ~5% by mid-epoch and the anchors 5%: the price wanders
 * roughly 140–160 over a day, moves a few tenths of a percent a minute, and steps when a jump lands.
 */
import { SeededRandom } from '../random/seeded-random';
import { ReferenceAsset, referenceAsset } from './asset.definitions';
import { floorDiv, isqrt } from './bigint-math';
import { BoundedMemo } from './bounded-memo';
import { decimalToE18, E18, expE18, lnE18 } from './fixed-point.math';
import { jumpLogE18 } from './price-jumps';
import { gaussian } from './seeded-noise';

const STEP_MS = 1_000n;
/** 2^16 one-second steps, ~18.2 hours, between anchors. */
export const EPOCH_MS = STEP_MS << 16n;
const STEPS = EPOCH_MS / STEP_MS;
const PPM_TO_E18 = E18 / 1_000_000n;

const levelStdCache = new Map<string, bigint[]>();
const lnBaseCache = new Map<string, bigint>();
/** Tree nodes near the top are shared by every moment of an epoch: caching them makes a new second cheap. */
const nodes = new BoundedMemo<bigint>(50_000);
const steps = new BoundedMemo<[bigint, bigint]>(20_000);

/** Natural log of the asset's USDC price at a moment, 1e18 scale. */
export function assetLogPriceE18(random: SeededRandom, symbol: string, atMs: number): bigint {
  const asset = referenceAsset(symbol);
  return baseLogPriceE18(asset) + walkLogE18(random, asset, BigInt(Math.floor(atMs)));
}

/** The asset's USDC price at a moment, human units, 1e18 scale (for specs, logs and explanations). */
export function referencePriceE18(random: SeededRandom, symbol: string, atMs: number): bigint {
  return expE18(assetLogPriceE18(random, symbol, atMs));
}

/** ln of the asset's base price (the `price` of its definition), 1e18 scale. */
export function baseLogPriceE18(asset: ReferenceAsset): bigint {
  let value = lnBaseCache.get(asset.symbol);
  if (value === undefined) {
    value = lnE18(decimalToE18(asset.price));
    lnBaseCache.set(asset.symbol, value);
  }
  return value;
}

/** Log move of the asset away from its base price at t: anchors + bridge + jumps. */
export function walkLogE18(random: SeededRandom, asset: ReferenceAsset, t: bigint): bigint {
  if (asset.sigmaPpmPerMinute === 0n && asset.anchorPpm === 0n && asset.jumpsPerHour === 0) return 0n;
  const epoch = floorDiv(t, EPOCH_MS);
  const elapsed = t - epoch * EPOCH_MS;
  const from = anchorE18(random, asset, epoch);
  const to = anchorE18(random, asset, epoch + 1n);
  const anchors = from + ((to - from) * elapsed) / EPOCH_MS;
  return anchors + bridgeE18(random, asset, epoch, elapsed) + jumpLogE18(random, asset, t);
}

function bridgeE18(random: SeededRandom, asset: ReferenceAsset, epoch: bigint, elapsed: bigint): bigint {
  if (asset.sigmaPpmPerMinute === 0n) return 0n;
  const step = elapsed / STEP_MS;
  const [atStep, atNext] = steps.get(`${random.seed}|${asset.symbol}|${epoch}|${step}`, () =>
    descend(random, asset, epoch, step),
  );
  return atStep + ((atNext - atStep) * (elapsed - step * STEP_MS)) / STEP_MS;
}

/** The bridge's values at `step` and `step + 1`, halving [0, STEPS] down to that one-second interval. */
function descend(random: SeededRandom, asset: ReferenceAsset, epoch: bigint, step: bigint): [bigint, bigint] {
  const stds = levelStds(asset);
  let [low, high, lowValue, highValue] = [0n, STEPS, 0n, 0n];
  for (let level = 0; high - low > 1n; level++) {
    const mid = (low + high) / 2n;
    const key = `${random.seed}|walk|${asset.symbol}|${epoch}|${mid}`;
    const noise = nodes.get(key, () => gaussian(random, stds[level], 'walk', asset.symbol, epoch, mid));
    const midValue = (lowValue + highValue) / 2n + noise;
    if (step < mid) [high, highValue] = [mid, midValue];
    else [low, lowValue] = [mid, midValue];
  }
  return [lowValue, highValue];
}

function anchorE18(random: SeededRandom, asset: ReferenceAsset, epoch: bigint): bigint {
  const key = `${random.seed}|anchor|${asset.symbol}|${epoch}`;
  return nodes.get(key, () => gaussian(random, asset.anchorPpm * PPM_TO_E18, 'anchor', asset.symbol, epoch));
}

/** Bridge midpoint spread per level: sqrt(sigma_per_second² × length) / 2, length halving each level. */
function levelStds(asset: ReferenceAsset): bigint[] {
  let stds = levelStdCache.get(asset.symbol);
  if (!stds) {
    const sigmaE18 = asset.sigmaPpmPerMinute * PPM_TO_E18;
    stds = [];
    for (let length = STEPS; length > 1n; length /= 2n) stds.push(isqrt((sigmaE18 * sigmaE18 * length) / 60n) / 2n);
    levelStdCache.set(asset.symbol, stds);
  }
  return stds;
}
