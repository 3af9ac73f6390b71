import { Congestion, congestionAt, CongestionLevel, REFERENCE_PRICE_MICRO_LAMPORTS } from '../chain/congestion';
import { ceilDiv } from '../market/bigint-math';
import { SeededRandom } from '../random/seeded-random';
import { COMPUTE_UNIT_PRICE_MICRO_LAMPORTS, SIGNATURE_FEE_LAMPORTS } from '../router/network-fee';
import { FeeChoice, MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS } from './fee-choice';

/** `'auto'` bids so that congestion adds at most this many slots to the landing. */
export const AUTO_TARGET_WAIT_SLOTS = 1;
const MICRO_LAMPORTS_PER_LAMPORT = 1_000_000n;

/** What a transaction pays to land, in lamports (the price in micro-lamports per compute unit). */
export interface NetworkFees {
  computeUnitPriceMicroLamports: bigint;
  /** 5,000 lamports for the one signature. */
  signatureFeeLamports: bigint;
  /** ceil(compute-unit limit × price / 1,000,000). */
  priorityFeeLamports: bigint;
  jitoTipLamports: bigint;
  /** Signature + priority fee + tip: what a transaction that lands and swaps pays. */
  feeLamports: bigint;
  /** With priorityFee 'auto': the congestion the price was chosen for, and whether the cap held it lower. */
  auto?: { congestion: CongestionLevel; capped: boolean };
}

/** Where and when the fee is chosen: the seeded market and the slot of the moment. */
export interface FeeMarket {
  random: SeededRandom;
  slot: number;
  /** DexOptions.congestion: with congestion off every window is calm. */
  congestion: boolean;
}

/**
 * The fees of a transaction asking for `computeUnits`, for the trader's choice: no choice (or no
 * priorityFee) pays the default 50,000 micro-lamports per compute unit, a number pays that price,
 * and 'auto' prices the congestion of the window holding `market.slot` (autoComputeUnitPrice).
 * The tip is the trader's, as given.
 */
export function networkFeesFor(computeUnits: bigint, choice: FeeChoice | undefined, market: FeeMarket): NetworkFees {
  let price = COMPUTE_UNIT_PRICE_MICRO_LAMPORTS;
  let auto: NetworkFees['auto'];
  if (choice?.priorityFee === 'auto') {
    const congestion = congestionAt(market.random, market.slot, market.congestion);
    price = autoComputeUnitPrice(congestion);
    let capped = false;
    if (choice.maxPriorityFeeLamports !== undefined && computeUnits > 0n) {
      const most = (choice.maxPriorityFeeLamports * MICRO_LAMPORTS_PER_LAMPORT) / computeUnits;
      if (most < price) [price, capped] = [most, true];
    }
    auto = { congestion: congestion.level, capped };
  } else if (typeof choice?.priorityFee === 'bigint') {
    price = choice.priorityFee;
  }
  return feesAt(computeUnits, price, choice?.jitoTipLamports ?? 0n, auto);
}

/**
 * What a wallet's "auto" fee would bid, knowing the congestion of the window: the least price at
 * which congestion adds at most AUTO_TARGET_WAIT_SLOTS slots (the wait shrinks in proportion to
 * the price), never below the default price and never above the maximum. Calm: 50,000; a busy
 * window of 8 slots: 200,001; a jam of 250 slots: 6,250,001 micro-lamports per compute unit.
 */
export function autoComputeUnitPrice(congestion: Congestion): bigint {
  if (congestion.slots === 0) return COMPUTE_UNIT_PRICE_MICRO_LAMPORTS;
  const needed = (BigInt(congestion.slots) * REFERENCE_PRICE_MICRO_LAMPORTS) / BigInt(AUTO_TARGET_WAIT_SLOTS + 1) + 1n;
  const price = needed > COMPUTE_UNIT_PRICE_MICRO_LAMPORTS ? needed : COMPUTE_UNIT_PRICE_MICRO_LAMPORTS;
  return price < MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS ? price : MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS;
}

/** The fees of a price and a tip, already chosen. */
export function feesAt(computeUnits: bigint, price: bigint, tip: bigint, auto?: NetworkFees['auto']): NetworkFees {
  const priority = ceilDiv(computeUnits * price, MICRO_LAMPORTS_PER_LAMPORT);
  const fees: NetworkFees = {
    computeUnitPriceMicroLamports: price,
    signatureFeeLamports: SIGNATURE_FEE_LAMPORTS,
    priorityFeeLamports: priority,
    jitoTipLamports: tip,
    feeLamports: SIGNATURE_FEE_LAMPORTS + priority + tip,
  };
  if (auto) fees.auto = auto;
  return fees;
}

/** The fees a built transaction pays, also for one stored before its parts were recorded. */
export function builtFees(built: {
  feeLamports: bigint;
  computeUnitPriceMicroLamports?: bigint;
  signatureFeeLamports?: bigint;
  priorityFeeLamports?: bigint;
  jitoTipLamports?: bigint;
}): NetworkFees {
  const signature = built.signatureFeeLamports ?? SIGNATURE_FEE_LAMPORTS;
  const tip = built.jitoTipLamports ?? 0n;
  return {
    computeUnitPriceMicroLamports: built.computeUnitPriceMicroLamports ?? COMPUTE_UNIT_PRICE_MICRO_LAMPORTS,
    signatureFeeLamports: signature,
    priorityFeeLamports: built.priorityFeeLamports ?? built.feeLamports - signature - tip,
    jitoTipLamports: tip,
    feeLamports: built.feeLamports,
  };
}
