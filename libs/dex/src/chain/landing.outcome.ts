import { DexError, DexErrorCode } from '../errors/dex.error';
import { FaultStage } from '../faults/fault.plan';
import { jitoTipFloorLamports } from '../fees/jito';
import { builtFees } from '../fees/network-fees';
import { BPS } from '../market/constant-product.math';
import { SeededRandom } from '../random/seeded-random';
import { Token, tokenBySymbol } from '../tokens/token.constants';
import { Venue } from '../venues/venue.interface';
import { BuiltSwap, Confirmation, SubmittedSwap } from './chain.types';
import { congestionSlots } from './congestion';
import { slotEndMs } from './slot.clock';

export interface LandingInput {
  random: SeededRandom;
  venues: readonly Venue[];
  /** Resolves a leg's token symbol when it is not a static token (a launched one). */
  tokenOf?: (symbol: string) => Token | undefined;
  built: BuiltSwap;
  submitted: SubmittedSwap;
  fault?: FaultStage;
  /** Whether congestion delays landing (DexOptions.congestion). */
  congestion: boolean;
  /** processed -> confirmed, for this signature. */
  confirmMs: number;
}

/** What became of a sent transaction, and the moment a client polling the chain learns it. */
export type LandingOutcome =
  | { ok: true; confirmation: Confirmation; settledAt: number }
  | { ok: false; error: DexError; settledAt: number };

/**
 * Pure: the same (seed, built, submitted, fault) always gives the same outcome, which is what makes
 * confirm() safe to call again after a crash. The swap executes against the pool AT LANDING.
 *
 * A transaction lands 1-3 slots after sending plus the congestion wait of its window at its
 * compute-unit price; one whose Jito tip meets the tip floor of that window goes as a bundle and
 * lands in the next slot.
 */
export function landingOutcome(input: LandingInput): LandingOutcome {
  const { random, built, submitted, fault } = input;
  const fees = builtFees(built);
  const bundle =
    fees.jitoTipLamports > 0n && fees.jitoTipLamports >= jitoTipFloorLamports(random, submitted.submitSlot, input.congestion);
  const landingSlot = bundle
    ? submitted.submitSlot + 1
    : submitted.submitSlot +
      random.int(1, 3, 'landing', submitted.signature) +
      (input.congestion ? congestionSlots(random, submitted.submitSlot, fees.computeUnitPriceMicroLamports) : 0);
  if (landingSlot > built.lastValidSlot || fault === 'landing-expired') return expired(built, submitted);
  // A send that timed out was forwarded or not: a coin toss per signature, the same in every process.
  if (fault === 'send' && !random.chance(0.5, 'landing', submitted.signature, 'forwarded')) {
    return expired(built, submitted);
  }
  const landedAt = slotEndMs(landingSlot);
  const settledAt = landedAt + input.confirmMs;
  let amountOut: bigint;
  try {
    amountOut = executeAt(input, landedAt);
  } catch (error) {
    // The swap instruction failed on chain (e.g. the pool cannot fill it at landing).
    if (error instanceof DexError) return { ok: false, error, settledAt };
    throw error;
  }
  if (fault === 'landing-slippage') {
    // An injected fault that cannot fail (no floor to break) becomes a dropped transaction instead.
    if (built.minAmountOut === 0n) return expired(built, submitted);
    amountOut = sandwiched(random, submitted.signature, amountOut, built.minAmountOut);
  }
  if (amountOut < built.minAmountOut) {
    // A landed, failed transaction still pays its signature and priority fees; the tip transfer
    // is reverted with the swap.
    const paid = fees.signatureFeeLamports + fees.priorityFeeLamports;
    return { ok: false, error: slippageExceeded(built, submitted, amountOut, landingSlot, landedAt, paid), settledAt };
  }
  const confirmation: Confirmation = {
    signature: submitted.signature,
    slot: landingSlot,
    amountOut,
    feeLamports: fees.feeLamports,
    computeUnitPriceMicroLamports: fees.computeUnitPriceMicroLamports,
    signatureFeeLamports: fees.signatureFeeLamports,
    priorityFeeLamports: fees.priorityFeeLamports,
    jitoTipLamports: fees.jitoTipLamports,
    bundle,
    confirmedAt: settledAt,
  };
  return { ok: true, confirmation, settledAt };
}

/**
 * Runs the transaction's swap instructions in order against the pools at landing: a split's legs
 * each trade their fixed share, each chained hop trades whatever the previous one produced. The trader gets
 * the sum of the legs that pay out the output token.
 */
function executeAt({ venues, built, tokenOf }: LandingInput, atMs: number): bigint {
  let previousOut = 0n;
  let total = 0n;
  for (const leg of built.legs) {
    const venue = venues.find((candidate) => candidate.name === leg.venue);
    if (!venue) throw new DexError(DexErrorCode.NO_ROUTE, `unknown venue ${leg.venue}`);
    const amountIn = leg.chained ? previousOut : leg.inAmount;
    const tokenIn = tokenOf?.(leg.tokenIn) ?? tokenBySymbol(leg.tokenIn);
    previousOut = venue.quoteAt(leg.poolId, tokenIn, amountIn, atMs).outAmount;
    if (leg.tokenOut === built.tokenOut) total += previousOut;
  }
  return total;
}

/**
 * A front-runner lands just before the swap and moves the pool a seeded 5-50 bps beyond what the trader
 * tolerated, so the output ends below the floor whatever the drift did.
 */
function sandwiched(random: SeededRandom, signature: string, amountOut: bigint, floor: bigint): bigint {
  const extraBps = BigInt(random.int(5, 50, 'fault', signature, 'sandwich'));
  const reachable = amountOut < floor ? amountOut : floor;
  return (reachable * (BPS - extraBps)) / BPS;
}

function slippageExceeded(
  built: BuiltSwap,
  submitted: SubmittedSwap,
  amountOut: bigint,
  landingSlot: number,
  landedAt: number,
  feeLamports: bigint,
): DexError {
  return new DexError(
    DexErrorCode.SLIPPAGE_EXCEEDED,
    `${built.route} would pay ${amountOut} base units of ${built.tokenOut}, below minAmountOut ` +
      `${built.minAmountOut} (the market moved before landing)`,
    {
      expected: built.minAmountOut.toString(),
      actual: amountOut.toString(),
      signature: submitted.signature,
      landingSlot,
      landedAt,
      feeLamports: feeLamports.toString(), // a landed, failed transaction still pays its fees
    },
  );
}

/**
 * Not landed within the blockhash's validity: a client only knows once the chain has passed
 * lastValidSlot, so that is when this outcome settles. No fee is paid.
 */
function expired(built: BuiltSwap, submitted: SubmittedSwap): LandingOutcome {
  const error = new DexError(
    DexErrorCode.BLOCKHASH_EXPIRED,
    `transaction ${submitted.signature} did not land before slot ${built.lastValidSlot}`,
    { signature: submitted.signature, blockhash: built.blockhash, lastValidSlot: built.lastValidSlot },
  );
  return { ok: false, error, settledAt: slotEndMs(built.lastValidSlot + 1) };
}
