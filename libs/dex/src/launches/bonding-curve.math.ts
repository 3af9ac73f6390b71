/*
 * The launchpad's bonding curve, as pump.fun prices a new token (Raydium LaunchLab's constant-product
 * curve is the same shape): constant product over VIRTUAL reserves X (SOL) and Y (tokens), with the
 * real reserves tracking what was actually bought. Integer-exact: the fee rounds up, outputs down.
 *
 *   buy:  fee = ceil(solIn × 1%), dx = solIn − fee, tokensOut = floor(dx · Y / (X + dx))
 *   sell: solOut' = floor(dy · X / (Y + dy)), fee = ceil(solOut' × 1%), solOut = solOut' − fee
 *
 * A buy may not take more than the real token reserves left; the curve is complete when they reach 0.
 */
import { DexError, DexErrorCode } from '../errors/dex.error';
import { ceilDiv, smallToNumber } from '../market/bigint-math';

const LAMPORTS = 10n ** 9n;
/** Launched tokens have 6 decimals, as pump.fun's do. */
export const LAUNCH_TOKEN_DECIMALS = 6;
const TOKEN_UNIT = 10n ** BigInt(LAUNCH_TOKEN_DECIMALS);
const BPS = 10_000n;

/** pump.fun's public curve constants, in base units (lamports; token units × 10^6). */
export const PUMP_CURVE = Object.freeze({
  totalSupply: 1_000_000_000n * TOKEN_UNIT,
  initialVirtualSolReserves: 30n * LAMPORTS,
  initialVirtualTokenReserves: 1_073_000_000n * TOKEN_UNIT,
  /** Tokens the curve sells; the rest of the supply is reserved for the AMM pool at graduation. */
  initialRealTokenReserves: 793_100_000n * TOKEN_UNIT,
  /** Of the SOL in (buy) or out (sell). */
  feeBps: 100n,
});

/** Tokens kept back from the curve and deposited in the AMM pool at graduation (206,900,000). */
export const RESERVED_TOKENS = PUMP_CURVE.totalSupply - PUMP_CURVE.initialRealTokenReserves;

/** The curve account: virtual reserves price trades, real ones hold what was actually bought. */
export interface BondingCurveState {
  virtualSolReserves: bigint;
  virtualTokenReserves: bigint;
  realSolReserves: bigint;
  realTokenReserves: bigint;
}

/** One trade on the curve. For a buy `amountIn` is SOL (gross) and `amountOut` tokens; for a sell the reverse. */
export interface CurveTrade {
  amountIn: bigint;
  amountOut: bigint;
  /** In SOL: taken from the SOL in (buy) or from the SOL out (sell). */
  feeSol: bigint;
  /** Integer bps, fee excluded, against the spot price X/Y. */
  priceImpactBps: number;
  after: BondingCurveState;
}

export function initialCurve(): BondingCurveState {
  return {
    virtualSolReserves: PUMP_CURVE.initialVirtualSolReserves,
    virtualTokenReserves: PUMP_CURVE.initialVirtualTokenReserves,
    realSolReserves: 0n,
    realTokenReserves: PUMP_CURVE.initialRealTokenReserves,
  };
}

export function isComplete(state: BondingCurveState): boolean {
  return state.realTokenReserves === 0n;
}

/** ceil(sol × 1%): the launchpad's fee, rounded up as fees are. */
export function curveFee(sol: bigint): bigint {
  return ceilDiv(sol * PUMP_CURVE.feeBps, BPS);
}

/** A buy of `solIn` lamports (fee included). Throws INSUFFICIENT_LIQUIDITY past the real tokens left. */
export function buyOnCurve(state: BondingCurveState, solIn: bigint): CurveTrade {
  if (solIn <= 0n) throw new RangeError('solIn must be positive');
  const feeSol = curveFee(solIn);
  const dx = solIn - feeSol;
  const tokensOut = tokensFor(state, dx);
  if (tokensOut > state.realTokenReserves) {
    throw new DexError(
      DexErrorCode.INSUFFICIENT_LIQUIDITY,
      `the bonding curve has ${state.realTokenReserves} token base units left; a buy of at most ` +
        `${maxBuySol(state)} lamports fits`,
      { realTokenReserves: state.realTokenReserves.toString(), maxSolIn: maxBuySol(state).toString() },
    );
  }
  return { amountIn: solIn, amountOut: tokensOut, feeSol, priceImpactBps: impactBps(dx, state.virtualSolReserves), after: afterBuy(state, dx, tokensOut) };
}

/**
 * A buy that stops at the real tokens left, as the launchpad fills the last buyer of a curve: it
 * takes every token left and pays only the SOL those cost (so `amountIn` may be less than `solIn`).
 * What the seeded background buys and the snipers ahead of an order (ExecutionContext.launchQueue) do.
 */
export function buyOnCurveUpTo(state: BondingCurveState, solIn: bigint): CurveTrade {
  if (isComplete(state) || solIn <= 0n) return { amountIn: 0n, amountOut: 0n, feeSol: 0n, priceImpactBps: 0, after: state };
  const feeIn = curveFee(solIn);
  const dxIn = solIn - feeIn;
  const out = tokensFor(state, dxIn);
  if (out < state.realTokenReserves) {
    const priceImpactBps = impactBps(dxIn, state.virtualSolReserves);
    return { amountIn: solIn, amountOut: out, feeSol: feeIn, priceImpactBps, after: afterBuy(state, dxIn, out) };
  }
  // The least net SOL whose output reaches the tokens left, and the least gross SOL that nets it.
  const { virtualSolReserves: x, virtualTokenReserves: y, realTokenReserves: r } = state;
  const netNeeded = ceilDiv(r * x, y - r);
  const gross = ceilDiv(netNeeded * BPS, BPS - PUMP_CURVE.feeBps);
  const feeSol = curveFee(gross);
  const net = gross - feeSol;
  return { amountIn: gross, amountOut: r, feeSol, priceImpactBps: impactBps(net, x), after: afterBuy(state, net, r) };
}

/** A sell of `tokensIn`; the fee comes off the SOL out. Throws INSUFFICIENT_LIQUIDITY past the real SOL held. */
export function sellOnCurve(state: BondingCurveState, tokensIn: bigint): CurveTrade {
  if (tokensIn <= 0n) throw new RangeError('tokensIn must be positive');
  const { virtualSolReserves: x, virtualTokenReserves: y } = state;
  const grossSol = (tokensIn * x) / (y + tokensIn);
  if (grossSol > state.realSolReserves) {
    throw new DexError(DexErrorCode.INSUFFICIENT_LIQUIDITY, `the bonding curve holds only ${state.realSolReserves} lamports`, {
      realSolReserves: state.realSolReserves.toString(),
    });
  }
  const feeSol = curveFee(grossSol);
  const after: BondingCurveState = {
    virtualSolReserves: x - grossSol,
    virtualTokenReserves: y + tokensIn,
    realSolReserves: state.realSolReserves - grossSol,
    realTokenReserves: state.realTokenReserves + tokensIn,
  };
  return { amountIn: tokensIn, amountOut: grossSol - feeSol, feeSol, priceImpactBps: impactBps(tokensIn, y), after };
}

/** The largest gross buy the curve can fill now (its output stays within the real tokens left). */
export function maxBuySol(state: BondingCurveState): bigint {
  const { virtualSolReserves: x, virtualTokenReserves: y, realTokenReserves: r } = state;
  if (r === 0n) return 0n;
  // floor(dx·Y/(X+dx)) ≤ R  ⟺  dx < (R+1)·X/(Y−R−1); the net of a gross g is g − ceil(g/100) = floor(99g/100).
  const netMax = ceilDiv((r + 1n) * x, y - r - 1n) - 1n;
  return ceilDiv((netMax + 1n) * BPS, BPS - PUMP_CURVE.feeBps) - 1n;
}

function tokensFor(state: BondingCurveState, dx: bigint): bigint {
  return (dx * state.virtualTokenReserves) / (state.virtualSolReserves + dx);
}

function afterBuy(state: BondingCurveState, dx: bigint, tokensOut: bigint): BondingCurveState {
  return {
    virtualSolReserves: state.virtualSolReserves + dx,
    virtualTokenReserves: state.virtualTokenReserves - tokensOut,
    realSolReserves: state.realSolReserves + dx,
    realTokenReserves: state.realTokenReserves - tokensOut,
  };
}

/** As for any constant product: against the spot price the shortfall is exactly in/(reserveIn + in). */
function impactBps(netIn: bigint, reserveIn: bigint): number {
  const denominator = reserveIn + netIn;
  return smallToNumber((2n * netIn * BPS + denominator) / (2n * denominator));
}
