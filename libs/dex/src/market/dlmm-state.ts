/*
 * A DLMM pool's bins at a moment, derived like everything else from (seed, pool, time):
 * - The active bin is the one holding the pool's price (pool-price.ts), so it walks with the market.
 * - Liquidity is re-centred on it (see DlmmPoolDefinition): below hold Y, above hold X, and the active bin
 *   splits by where the price sits inside it: at its lower edge it is all X (buyers have not reached it
 *   yet), at its upper edge all Y. So the inventory is continuous as the price crosses from bin to bin.
 * - The volatility accumulator reflects the market's own recent bin moves: the reference bin is the active
 *   one at the start of the current filter period, and the moves of the previous period are carried in
 *   at reductionFactor, as the program's update_references does for a pool traded every period.
 */
import { parseAmount } from '../amounts/amount.codec';
import { SeededRandom } from '../random/seeded-random';
import { tokenBySymbol } from '../tokens/token.constants';
import { floorDiv } from './bigint-math';
import { binIdForLogPrice } from './dlmm-bin-price';
import { DlmmBin, DlmmSwapState } from './dlmm.math';
import { lnE18 } from './fixed-point.math';
import { DlmmPoolDefinition } from './pool.definitions';
import { poolLogPriceE18 } from './pool-price';

const PPM = 1_000_000n;
const BASIS_POINT_MAX = 10_000n;
const stepLogCache = new Map<number, bigint>();

export interface ActiveBin {
  id: number;
  /** Where the price sits inside the bin, 0 (lower edge) to 1e6 (upper edge). */
  positionPpm: bigint;
}

export function dlmmStateAt(random: SeededRandom, pool: DlmmPoolDefinition, atMs: number): DlmmSwapState {
  const active = activeBinAt(random, pool, atMs);
  return {
    binStep: pool.binStep,
    activeId: active.id,
    bins: binsAround(pool, active),
    fees: pool.fees,
    ...volatilityAt(random, pool, atMs),
  };
}

export function activeBinAt(random: SeededRandom, pool: DlmmPoolDefinition, atMs: number): ActiveBin {
  const logPrice = poolLogPriceE18(random, pool, atMs);
  const stepLog = binStepLogE18(pool.binStep);
  const id = binIdForLogPrice(logPrice, stepLog);
  return { id, positionPpm: ((logPrice - BigInt(id) * stepLog) * PPM) / stepLog };
}

export function binsAround(pool: DlmmPoolDefinition, active: ActiveBin): Map<number, DlmmBin> {
  const baseBin = parseAmount(pool.baseBinAmount, tokenBySymbol(pool.base).decimals);
  const quoteBin = parseAmount(pool.quoteBinAmount, tokenBySymbol(pool.quote).decimals);
  const bins = new Map<number, DlmmBin>();
  for (let offset = -pool.binsEachSide; offset <= pool.binsEachSide; offset++) {
    const bin =
      offset < 0
        ? { x: 0n, y: quoteBin }
        : offset > 0
          ? { x: baseBin, y: 0n }
          : { x: (baseBin * (PPM - active.positionPpm)) / PPM, y: (quoteBin * active.positionPpm) / PPM };
    bins.set(active.id + offset, bin);
  }
  return bins;
}

function volatilityAt(
  random: SeededRandom,
  pool: DlmmPoolDefinition,
  atMs: number,
): Pick<DlmmSwapState, 'indexReference' | 'volatilityReference'> {
  const { filterPeriodMs, maxVolatilityAccumulator, reductionFactor } = pool.fees;
  const periodStart = Number(floorDiv(BigInt(Math.floor(atMs)), BigInt(filterPeriodMs))) * filterPeriodMs;
  const indexReference = activeBinAt(random, pool, periodStart).id;
  const previous = activeBinAt(random, pool, periodStart - filterPeriodMs).id;
  let carried = BigInt(Math.abs(indexReference - previous)) * BASIS_POINT_MAX;
  if (carried > maxVolatilityAccumulator) carried = maxVolatilityAccumulator;
  return { indexReference, volatilityReference: (carried * reductionFactor) / BASIS_POINT_MAX };
}

/** ln(1 + binStep/10000), 1e18 scale. */
function binStepLogE18(binStep: number): bigint {
  let value = stepLogCache.get(binStep);
  if (value === undefined) {
    value = lnE18(10n ** 18n + BigInt(binStep) * 10n ** 14n);
    stepLogCache.set(binStep, value);
  }
  return value;
}
