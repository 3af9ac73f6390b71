import { formatAmount } from '../amounts/amount.codec';
import { BondingCurveState, LAUNCH_TOKEN_DECIMALS, PUMP_CURVE, RESERVED_TOKENS } from './bonding-curve.math';
import { curvePoolId, graduatedPoolId, LaunchMarket } from './launch-market';
import { CurveReservesView, LaunchView } from './launch.types';

const SOL_DECIMALS = 9;
const sol = (lamports: bigint) => formatAmount(lamports, SOL_DECIMALS);
const tokens = (units: bigint) => formatAmount(units, LAUNCH_TOKEN_DECIMALS);

const CURVE_CONSTANTS: LaunchView['curve'] = Object.freeze({
  totalSupply: tokens(PUMP_CURVE.totalSupply),
  initialVirtualSolReserves: sol(PUMP_CURVE.initialVirtualSolReserves),
  initialVirtualTokenReserves: tokens(PUMP_CURVE.initialVirtualTokenReserves),
  initialRealTokenReserves: tokens(PUMP_CURVE.initialRealTokenReserves),
  reservedTokens: tokens(RESERVED_TOKENS),
  feeBps: Number(PUMP_CURVE.feeBps),
});

/** The launch and its market at `atMs`, for clients. */
export function toLaunchView(market: LaunchMarket, atMs: number): LaunchView {
  const { launch } = market;
  const state = market.stateAt(atMs);
  const graduatedAt = market.graduatedAtMs();
  const mint = launch.token.mint;
  return {
    mint,
    symbol: launch.token.symbol,
    decimals: launch.token.decimals,
    source: launch.source,
    announcedAt: new Date(launch.announcedAtMs).toISOString(),
    launchAt: new Date(launch.launchAtMs).toISOString(),
    launchSlot: launch.launchSlot,
    state,
    graduatedAt: graduatedAt !== null && atMs >= graduatedAt ? new Date(graduatedAt).toISOString() : null,
    curve: { ...CURVE_CONSTANTS },
    reserves: reservesView(market.curveAt(atMs)),
    venue: state === 'announced' ? null : state === 'trading' ? 'launchpad' : 'raydium',
    poolId: state === 'announced' ? null : state === 'trading' ? curvePoolId(mint) : graduatedPoolId(mint),
  };
}

function reservesView(curve: BondingCurveState): CurveReservesView {
  return {
    virtualSolReserves: sol(curve.virtualSolReserves),
    virtualTokenReserves: tokens(curve.virtualTokenReserves),
    realSolReserves: sol(curve.realSolReserves),
    realTokenReserves: tokens(curve.realTokenReserves),
  };
}
