import { Injectable, Logger, Optional } from '@nestjs/common';
import {
  builtFees,
  DexError,
  DexErrorCode,
  DexRouter,
  ExecutionContext,
  FeeChoice,
  formatAmount,
  parseFeeChoice,
  SimulatedChain,
  toQuoteView,
  Token,
  TokenRegistry,
} from '@app/dex';
import { EngineMetrics } from '@app/observability';
import { Order, OrderTransitions, predecessorsOf, shortDecimal } from '@app/orders';
import { ExecutionErrorCode, ExecutionFailure } from './execution-errors';
import { ExecutionState, executionFromJson, executionToJson } from './execution-state';
import { moveRun, Run, TriggerNoLongerMetError } from './run';
import { orderLine } from './order-log';
import { executionPrice } from './swap-format';

/** Keys of a `routing` event's details that are not part of the route summary stored on the order. */
const ROUTING_EXTRAS = ['venue', 'retryOf', 'trigger'];

/**
 * The steps of one attempt: routing → building → submitted → confirmed. A transaction already
 * built for the order (by this or an earlier run) is settled before any new one is built, and a
 * transaction is recorded `submitted` (signed, its signature known) before it is sent: a cancel
 * either lands before that record, and nothing is sent, or loses to it.
 */
@Injectable()
export class AttemptSteps {
  private readonly logger = new Logger(AttemptSteps.name);

  constructor(
    private readonly transitions: OrderTransitions,
    private readonly tokens: TokenRegistry,
    private readonly router: DexRouter,
    private readonly chain: SimulatedChain,
    @Optional() private readonly metrics?: EngineMetrics,
  ) {}

  async run(run: Run, attempt: number): Promise<void> {
    const { order } = run;
    const previous = executionFromJson(order.execution);
    if (previous && (order.status === 'building' || order.status === 'submitted')) {
      const settled = await this.settlePrevious(run, previous, attempt);
      if (settled) return;
    }
    const [tokenIn, tokenOut] = [this.token(order.tokenIn), this.token(order.tokenOut)];
    const ctx = this.contextOf(run, attempt);
    const fees = feeChoiceOf(order);
    const route = await this.router.quote(tokenIn, tokenOut, order.amountIn, ctx, fees);
    if (order.minOutFloor !== null && route.best.outAmount < order.minOutFloor) {
      // A limit never fills below its trigger: if the price for its size moved away, it waits again.
      if (order.type === 'limit') throw new TriggerNoLongerMetError(route.best.outAmount);
      // A sniper never pays more than its maxPrice: its launch moment has passed, so it fails.
      if (order.type === 'sniper') {
        const out = formatAmount(route.best.outAmount, tokenOut.decimals);
        const least = formatAmount(order.minOutFloor, tokenOut.decimals);
        throw new ExecutionFailure(
          ExecutionErrorCode.MAX_PRICE_EXCEEDED,
          `the launch curve gives ${out} ${tokenOut.symbol} for the SOL in, under the ${least} that maxPrice ${shortDecimal(order.maxPrice ?? '0')} allows`,
          false,
        );
      }
    }
    const summary = toQuoteView(route, order.slippageBps);
    const retryOf = order.errorCode ? { code: order.errorCode, message: order.error } : undefined;
    const trigger = order.type === 'market' ? undefined : this.triggerDetails(run);
    await moveRun(this.transitions, run, {
      from: predecessorsOf('routing'),
      to: 'routing',
      attempt,
      set: { venue: route.best.label, error: null, errorCode: null },
      // The stored route is the event's details without the keys added around the summary.
      storeDetailsIn: { route: { except: ROUTING_EXTRAS } },
      details: { venue: route.best.label, ...summary, ...(retryOf ? { retryOf } : {}), ...(trigger ? { trigger } : {}) },
    });
    this.metrics?.routeChosen(route.best.kind, route.best.legs.map((leg) => leg.venue));
    const built = await this.chain.build(route, order.slippageBps, ctx, { minOutFloor: order.minOutFloor ?? undefined, fees });
    const paid = builtFees(built);
    await moveRun(this.transitions, run, {
      from: 'routing',
      to: 'building',
      set: { minAmountOut: built.minAmountOut, execution: executionToJson({ attempt, built }) },
      details: {
        venue: built.route,
        kind: built.kind,
        quotedOut: formatAmount(built.quotedOut, tokenOut.decimals),
        minAmountOut: formatAmount(built.minAmountOut, tokenOut.decimals),
        slippageBps: built.slippageBps,
        computeUnits: built.computeUnits,
        feeLamports: built.feeLamports.toString(),
        computeUnitPriceMicroLamports: paid.computeUnitPriceMicroLamports.toString(),
        priorityFeeLamports: paid.priorityFeeLamports.toString(),
        ...(paid.jitoTipLamports > 0n ? { jitoTipLamports: paid.jitoTipLamports.toString() } : {}),
        blockhash: built.blockhash,
        lastValidSlot: built.lastValidSlot,
        steps: built.steps,
      },
    });
    await this.sendAndConfirm(run, { attempt, built });
  }

  /**
   * The order holds a transaction from this or an earlier run. Settle it first: true when it
   * confirmed. If it failed and belongs to this attempt, the attempt failed (rethrow); if it
   * belongs to an earlier attempt, that attempt's failure is already counted: go on with a new one.
   */
  private async settlePrevious(run: Run, state: ExecutionState, attempt: number): Promise<boolean> {
    try {
      await this.sendAndConfirm(run, state);
      return true;
    } catch (err) {
      if (!(err instanceof DexError) || !err.retryable || state.attempt === attempt) throw err;
      const msg = `order ${run.order.id}: the transaction of attempt ${state.attempt} did not land (${err.code})`;
      this.logger.log(orderLine(run.order.id, attempt, msg));
      return false;
    }
  }

  private async sendAndConfirm(run: Run, state: ExecutionState): Promise<void> {
    const { order } = run;
    const ctx = this.contextOf(run, state.attempt);
    const { built } = state;
    let submitted = state.submitted;
    if (!submitted) {
      submitted = this.chain.sign(built, ctx);
      await moveRun(this.transitions, run, {
        from: 'building',
        to: 'submitted',
        // The stored execution already holds this transaction (written at `building`, same
        // attempt: the compare-and-swap guarantees it); only `submitted` is added.
        set: { txHash: submitted.signature },
        mergeIntoJson: { execution: { submitted } },
        details: { txHash: submitted.signature, venue: built.route, slot: submitted.submitSlot },
      });
    }
    // Sent now, or sent again after a crash: the same signed transaction, which lands at most once.
    const sendTimedOut = await this.send(state, ctx, submitted);
    const confirmation = await this.chain.confirm(built, submitted, ctx);
    const [tokenIn, tokenOut] = [this.token(order.tokenIn), this.token(order.tokenOut)];
    const shortfall = built.quotedOut - confirmation.amountOut;
    const slippageBps = built.quotedOut > 0n ? Number((shortfall * 10000n) / built.quotedOut) : 0;
    await moveRun(this.transitions, run, {
      from: 'submitted',
      to: 'confirmed',
      set: { amountOut: confirmation.amountOut, feeLamports: confirmation.feeLamports, error: null, errorCode: null },
      details: {
        txHash: confirmation.signature,
        venue: built.route,
        amountIn: formatAmount(order.amountIn, tokenIn.decimals),
        amountOut: formatAmount(confirmation.amountOut, tokenOut.decimals),
        minAmountOut: formatAmount(built.minAmountOut, tokenOut.decimals),
        price: executionPrice(order.amountIn, confirmation.amountOut, tokenIn, tokenOut),
        realizedSlippageBps: slippageBps,
        slot: confirmation.slot,
        feeLamports: confirmation.feeLamports.toString(),
        priorityFeeLamports: confirmation.priorityFeeLamports.toString(),
        ...(confirmation.jitoTipLamports > 0n ? { jitoTipLamports: confirmation.jitoTipLamports.toString(), bundle: confirmation.bundle } : {}),
        ...(sendTimedOut ? { sendTimedOut: true } : {}),
      },
    });
  }

  /**
   * Sends the signed transaction; true when the send timed out. A send that timed out may still
   * have been forwarded: the signature is polled (confirm) until it lands or its blockhash
   * expires, and only then may a new transaction be built.
   */
  private async send(state: ExecutionState, ctx: ExecutionContext, signed: NonNullable<ExecutionState['submitted']>): Promise<boolean> {
    try {
      await this.chain.send(state.built, ctx, signed);
      return false;
    } catch (err) {
      if (err instanceof DexError && err.code === DexErrorCode.RPC_TIMEOUT) return true;
      throw err;
    }
  }

  private contextOf(run: Run, attempt: number): ExecutionContext {
    const { order } = run;
    const ctx: ExecutionContext = { orderId: order.id, attempt, orderNumber: order.number };
    // A sniper buys on its launch's curve after the snipers ahead of it (its place, fixed when it triggered).
    if (order.type === 'sniper' && order.launchSolBefore !== null) {
      ctx.launchQueue = { mint: this.token(order.tokenOut).mint, solBefore: order.launchSolBefore };
    }
    return ctx;
  }

  /** What the `routing` event of a triggered order says of its trigger. */
  private triggerDetails(run: Run): Record<string, unknown> {
    const { order } = run;
    return {
      type: order.type,
      ...(order.triggerPrice !== null ? { triggerPrice: shortDecimal(order.triggerPrice) } : {}),
      ...(order.maxPrice !== null ? { maxPrice: shortDecimal(order.maxPrice) } : {}),
      // A sniper's place in its launch's queue: the SOL the snipers ahead of it put in first.
      ...(order.launchSolBefore !== null ? { launch: { symbol: order.tokenOut, solAhead: formatAmount(order.launchSolBefore, 9) } } : {}),
      triggeredAt: order.triggeredAt?.toISOString() ?? null,
    };
  }

  private token(symbol: string): Token {
    const token = this.tokens.resolve(symbol);
    if (!token) throw new Error(`token ${symbol} of a stored order is not in the registry`);
    return token;
  }
}

/** The fee choice stored on the order, or undefined for the default price and no tip. */
function feeChoiceOf(order: Order): FeeChoice | undefined {
  const { priorityFee, maxPriorityFeeLamports, jitoTipLamports } = order;
  if (priorityFee === null && maxPriorityFeeLamports === null && jitoTipLamports === null) return undefined;
  return parseFeeChoice({ priorityFee, maxPriorityFeeLamports, jitoTipLamports });
}
