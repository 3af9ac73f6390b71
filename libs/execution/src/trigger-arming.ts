import { Injectable } from '@nestjs/common';
import { DexRouter, formatAmount, LaunchCatalog, Token, TokenRegistry } from '@app/dex';
import { distanceBps, MarketPrices, OrderTransitions, parsePrice, shortDecimal, WaitingOrdersRepository } from '@app/orders';
import { AttemptFailure } from './execution-errors';
import { moveRun, Run } from './run';

/**
 * The waiting side of trigger orders (limit, stop, sniper): their first job arms them (they wait,
 * with an event that says the trigger, the price now and how far it is), and a limit whose swap
 * could not fill within its price waits again instead of failing.
 */
@Injectable()
export class TriggerArming {
  constructor(
    private readonly transitions: OrderTransitions,
    private readonly waiting: WaitingOrdersRepository,
    private readonly prices: MarketPrices,
    private readonly router: DexRouter,
    private readonly tokens: TokenRegistry,
    private readonly launches: LaunchCatalog,
  ) {}

  /**
   * A pending trigger order: true when it executes now (a limit whose price is already met for its
   * size: it fills at once, as a limit order on an exchange would), false when it now waits.
   */
  async arm(run: Run): Promise<boolean> {
    const { order } = run;
    const [tokenIn, tokenOut] = [this.token(order.tokenIn), this.token(order.tokenOut)];
    if (order.type === 'limit' && order.minOutFloor !== null) {
      const route = await this.router.quote(tokenIn, tokenOut, order.amountIn);
      if (route.best.outAmount >= order.minOutFloor) return true;
    }
    await moveRun(this.transitions, run, { from: 'pending', to: 'waiting', details: await this.waitingDetails(run, tokenIn, tokenOut) });
    return false;
  }

  /**
   * A triggered order goes back to waiting: silently when its job had not routed it yet (the claim
   * is taken back), with a `waiting` event saying why when it had (the limit would have been
   * breached, or an attempt failed on the way).
   */
  async waitAgain(run: Run, why: AttemptFailure): Promise<void> {
    const { order } = run;
    if (order.status === 'waiting') {
      await this.waiting.unclaim(order.id);
      return;
    }
    const [tokenIn, tokenOut] = [this.token(order.tokenIn), this.token(order.tokenOut)];
    const details = { ...(await this.waitingDetails(run, tokenIn, tokenOut)), waitingAgainBecause: { code: why.code, message: why.message } };
    await moveRun(this.transitions, run, {
      from: ['routing', 'building', 'submitted'],
      to: 'waiting',
      set: { triggeredAt: null, error: why.message, errorCode: why.code },
      details,
    });
  }

  private async waitingDetails(run: Run, tokenIn: Token, tokenOut: Token): Promise<Record<string, unknown>> {
    const { order } = run;
    const expiresAt = order.expiresAt?.toISOString() ?? null;
    if (order.type === 'sniper') {
      const launch = this.launches.get(tokenOut.mint);
      return {
        type: order.type,
        launch: {
          symbol: tokenOut.symbol,
          mint: tokenOut.mint,
          launchAt: launch ? new Date(launch.launchAtMs).toISOString() : null,
          launchSlot: launch?.launchSlot ?? null,
        },
        ...(order.maxPrice ? { maxPrice: shortDecimal(order.maxPrice) } : {}),
        expiresAt,
      };
    }
    const trigger = parsePrice(shortDecimal(order.triggerPrice ?? '0'));
    const price = await this.prices.current(tokenIn, tokenOut);
    return {
      type: order.type,
      triggerPrice: trigger?.text ?? null,
      currentPrice: price.text,
      // Positive: the market is above the trigger (a limit waits for it to rise to its own price; a stop waits for a fall).
      distanceBps: trigger ? distanceBps(price.scaled, trigger.scaled) : null,
      ...(order.minOutFloor !== null ? { minAmountOut: formatAmount(order.minOutFloor, tokenOut.decimals) } : {}),
      expiresAt,
    };
  }

  private token(symbol: string): Token {
    const token = this.tokens.resolve(symbol);
    if (!token) throw new Error(`token ${symbol} of a stored order is not in the registry`);
    return token;
  }
}
