import { DexError, DexErrorCode } from '../errors/dex.error';
import { ExecutionContext, LaunchQueue } from '../execution-context.interface';
import { ceilDiv } from '../market/bigint-math';
import { Token, tokenBySymbol } from '../tokens/token.constants';
import { roundsToZero } from '../venues/pool-quoter';
import { Venue, VenueQuote } from '../venues/venue.interface';
import { BondingCurveState, buyOnCurve, buyOnCurveUpTo, CurveTrade, isComplete, PUMP_CURVE, sellOnCurve } from './bonding-curve.math';
import { LaunchCatalog } from './launch-catalog.service';
import { curvePoolId, LAUNCHPAD_POOL_PREFIX, LaunchMarket } from './launch-market';
import { Launch } from './launch.types';

const SOL = tokenBySymbol('SOL');

/**
 * The launchpad: one bonding-curve pool SOL/TOKEN per launched token, listed from its announcement
 * until it graduates. Before the launch slot a quote fails with NOT_YET_TRADABLE; on a curve that
 * completed before the swap lands, with CURVE_COMPLETE (a new quote routes to the AMM pool).
 * For one sniper order (forContext with a launchQueue), the curve is first advanced by the SOL of
 * the snipers ahead of it.
 */
export class LaunchpadVenue implements Venue {
  readonly name = 'launchpad' as const;

  constructor(
    private readonly catalog: LaunchCatalog,
    private readonly queue?: LaunchQueue,
  ) {}

  forContext(ctx: ExecutionContext): Venue {
    return ctx.launchQueue ? new LaunchpadVenue(this.catalog, ctx.launchQueue) : this;
  }

  poolsFor(tokenIn: Token, tokenOut: Token): string[] {
    const market = this.catalog.forPair(tokenIn, tokenOut);
    if (!market || market.stateAt(this.catalog.now()) === 'graduated') return [];
    return [curvePoolId(market.launch.token.mint)];
  }

  poolFor(tokenIn: Token, tokenOut: Token): string | undefined {
    return this.poolsFor(tokenIn, tokenOut)[0];
  }

  quoteAt(poolId: string, tokenIn: Token, amountIn: bigint, atMs: number): VenueQuote {
    const market = poolId.startsWith(LAUNCHPAD_POOL_PREFIX) ? this.catalog.market(poolId.slice(LAUNCHPAD_POOL_PREFIX.length)) : undefined;
    const launch = market?.launch;
    if (!market || !launch || (tokenIn.mint !== SOL.mint && tokenIn.mint !== launch.token.mint)) {
      throw new DexError(DexErrorCode.NO_ROUTE, `launchpad has no pool ${poolId} holding ${tokenIn.symbol}`);
    }
    if (amountIn <= 0n) throw new DexError(DexErrorCode.NO_ROUTE, 'launchpad: nothing to swap', { poolId });
    if (atMs < launch.launchAtMs) throw notYetTradable(launch);
    const graduatedAt = market.graduatedAtMs();
    if (graduatedAt !== null && atMs >= graduatedAt) throw curveComplete(launch, graduatedAt, poolId);
    const buying = tokenIn.mint === SOL.mint;
    const trade = onCurve(poolId, launch, () => {
      const curve = this.queued(market, market.curveAt(atMs));
      return buying ? buyOnCurve(curve, amountIn) : sellOnCurve(curve, amountIn);
    });
    if (trade.amountOut === 0n) throw roundsToZero(this.name, poolId);
    // The fee is taken in SOL either way; for a sell it is shown, as fees are, in input-token terms.
    const feeAmount = buying ? trade.feeSol : ceilDiv(amountIn * PUMP_CURVE.feeBps, 10_000n);
    return {
      venue: this.name,
      poolId,
      inAmount: amountIn,
      outAmount: trade.amountOut,
      feeAmount,
      priceImpactBps: trade.priceImpactBps,
      poolKind: 'bonding-curve',
    };
  }

  /** The curve after the snipers ahead of this order, when it is one of this launch's snipers. */
  private queued(market: LaunchMarket, curve: BondingCurveState): BondingCurveState {
    if (!this.queue || this.queue.mint !== market.launch.token.mint || this.queue.solBefore <= 0n) return curve;
    const after = buyOnCurveUpTo(curve, this.queue.solBefore).after;
    if (isComplete(after)) {
      throw new DexError(DexErrorCode.INSUFFICIENT_LIQUIDITY, `the snipers ahead took every token of the ${market.launch.token.symbol} curve`, {
        mint: market.launch.token.mint,
        solBefore: this.queue.solBefore.toString(),
      });
    }
    return after;
  }
}

/** The curve's own refusals (too big a buy or sell), named after the pool. */
function onCurve(poolId: string, launch: Launch, trade: () => CurveTrade): CurveTrade {
  try {
    return trade();
  } catch (error) {
    if (!(error instanceof DexError)) throw error;
    throw new DexError(error.code, `${launch.token.symbol} curve: ${error.message}`, { poolId, ...error.details });
  }
}

export function notYetTradable(launch: Launch): DexError {
  const { symbol, mint } = launch.token;
  const launchAt = new Date(launch.launchAtMs).toISOString();
  return new DexError(DexErrorCode.NOT_YET_TRADABLE, `${symbol} is announced but not tradable before its launch at ${launchAt} (slot ${launch.launchSlot})`, {
    mint,
    symbol,
    launchAt,
    launchSlot: launch.launchSlot,
  });
}

function curveComplete(launch: Launch, graduatedAtMs: number, poolId: string): DexError {
  const graduatedAt = new Date(graduatedAtMs).toISOString();
  return new DexError(
    DexErrorCode.CURVE_COMPLETE,
    `the ${launch.token.symbol} bonding curve completed at ${graduatedAt}; it now trades on its Raydium CPMM pool`,
    { poolId, mint: launch.token.mint, graduatedAt },
  );
}
