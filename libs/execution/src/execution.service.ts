import { Injectable, Logger } from '@nestjs/common';
import {
  DexError,
  DexErrorCode,
  DexRouter,
  formatAmount,
  SimulatedChain,
  SubmittedSwap,
  toQuoteView,
  Token,
  TokenRegistry,
} from '@app/dex';
import {
  IllegalTransitionError,
  isTerminal,
  Order,
  OrderNotFoundError,
  OrdersService,
  OrderTransitions,
  predecessorsOf,
  TransitionRequest,
} from '@app/orders';
import { AttemptFailure, describeFailure, ExecutionErrorCode } from './execution-errors';
import { ExecutionState, executionFromJson, executionToJson } from './execution-state';
import { executionPrice } from './swap-format';

/** The transaction of a send that timed out, from the error's details; rethrows anything else. */
function sentDespiteTimeout(err: unknown): SubmittedSwap {
  const d = err instanceof DexError && err.code === DexErrorCode.RPC_TIMEOUT ? err.details : undefined;
  if (typeof d?.signature !== 'string' || typeof d.submittedAt !== 'number' || typeof d.submitSlot !== 'number') {
    throw err;
  }
  return { signature: d.signature, submittedAt: d.submittedAt, submitSlot: d.submitSlot };
}

/** Keys of a `routing` event's details that are not part of the route summary stored on the order. */
const ROUTING_EXTRAS = ['venue', 'retryOf'];

/** Thrown when an attempt ended the order as `failed`: the job must not be retried. */
export class OrderFailedError extends Error {
  constructor(readonly failure: AttemptFailure) {
    super(`${failure.code}: ${failure.message}`);
  }
}

/** One run of one job over one order. */
interface Run {
  order: Order;
  /**
   * The order's event count as this run last saw or wrote it: every transition is conditional on
   * it, so a run that another run overtook stops at its next step instead of moving the order again.
   */
  lastSeenSeq: number;
}

/**
 * Drives one attempt of an order through routing → building → submitted → confirmed. A job may
 * run twice (crash, stalled lock): every step resumes from the stored status, and a transaction
 * that was already built is settled (sent again with the same signature, then confirmed or
 * found failed) before any new one is built — never two live swaps for one order.
 */
@Injectable()
export class ExecutionService {
  private readonly logger = new Logger(ExecutionService.name);

  constructor(
    private readonly orders: OrdersService,
    private readonly transitions: OrderTransitions,
    private readonly tokens: TokenRegistry,
    private readonly router: DexRouter,
    private readonly chain: SimulatedChain,
  ) {}

  /**
   * Runs attempt `attempt`. Resolves when the order is confirmed, or was finished or moved by
   * another worker. Rejects with the attempt's error when a retry may follow, and with
   * OrderFailedError once the order is failed (not retryable, or `isLastAttempt`).
   */
  async execute(orderId: string, attempt: number, isLastAttempt: boolean): Promise<void> {
    let order: Order;
    try {
      order = await this.orders.getOrder(orderId);
    } catch (err) {
      if (!(err instanceof OrderNotFoundError)) throw err;
      this.logger.warn(`job for unknown order ${orderId} skipped (its enqueue was rolled back)`);
      return;
    }
    if (isTerminal(order.status)) return;
    const run: Run = { order, lastSeenSeq: order.lastSeq };
    try {
      await this.runAttempt(run, attempt);
    } catch (err) {
      if (err instanceof IllegalTransitionError) {
        this.logger.warn(`order ${orderId} was moved by another run: ${err.message}`);
        return;
      }
      const failure = describeFailure(err);
      if (failure.code === ExecutionErrorCode.INTERNAL_ERROR) this.logger.error(`order ${orderId}: ${(err as Error).stack}`);
      if (failure.retryable && !isLastAttempt) {
        await this.transitions.noteAttemptFailure(orderId, failure.code, failure.message);
        throw err;
      }
      await this.fail(run, attempt, failure);
      throw new OrderFailedError(failure);
    }
  }

  private async runAttempt(run: Run, attempt: number): Promise<void> {
    const { order } = run;
    const previous = executionFromJson(order.execution);
    if (previous && (order.status === 'building' || order.status === 'submitted')) {
      const settled = await this.settlePrevious(run, previous, attempt);
      if (settled) return;
    }
    const [tokenIn, tokenOut] = [this.token(order.tokenIn), this.token(order.tokenOut)];
    const ctx = { orderId: order.id, attempt, orderNumber: order.number };
    const route = await this.router.quote(tokenIn, tokenOut, order.amountIn, ctx);
    const summary = toQuoteView(route, order.slippageBps);
    const retryOf = order.errorCode ? { code: order.errorCode, message: order.error } : undefined;
    await this.move(run, {
      from: predecessorsOf('routing'),
      to: 'routing',
      attempt,
      set: { venue: route.best.label, error: null, errorCode: null },
      // The stored route is the event's details without the keys added around the summary.
      storeDetailsIn: { route: { except: ROUTING_EXTRAS } },
      details: { venue: route.best.label, ...summary, ...(retryOf ? { retryOf } : {}) },
    });
    const built = await this.chain.build(route, order.slippageBps, ctx);
    await this.move(run, {
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
      this.logger.log(`order ${run.order.id}: the transaction of attempt ${state.attempt} did not land (${err.code})`);
      return false;
    }
  }

  private async sendAndConfirm(run: Run, state: ExecutionState): Promise<void> {
    const { order } = run;
    const ctx = { orderId: order.id, attempt: state.attempt, orderNumber: order.number };
    const { built } = state;
    let submitted = state.submitted;
    if (!submitted) {
      let sendTimedOut = false;
      try {
        submitted = await this.chain.send(built, ctx);
      } catch (err) {
        // A send that timed out may still land: treat it as submitted and poll its signature
        // (confirm) until it lands or expires; only then may a new transaction be built.
        submitted = sentDespiteTimeout(err);
        sendTimedOut = true;
      }
      await this.move(run, {
        from: 'building',
        to: 'submitted',
        // The stored execution already holds this transaction (written at `building`, same
        // attempt: the compare-and-swap guarantees it); only `submitted` is added.
        set: { txHash: submitted.signature },
        mergeIntoJson: { execution: { submitted } },
        details: {
          txHash: submitted.signature,
          venue: built.route,
          slot: submitted.submitSlot,
          ...(sendTimedOut ? { sendTimedOut: true } : {}),
        },
      });
    }
    const confirmation = await this.chain.confirm(built, submitted, ctx);
    const [tokenIn, tokenOut] = [this.token(order.tokenIn), this.token(order.tokenOut)];
    const shortfall = built.quotedOut - confirmation.amountOut;
    const slippageBps = built.quotedOut > 0n ? Number((shortfall * 10000n) / built.quotedOut) : 0;
    await this.move(run, {
      from: 'submitted',
      to: 'confirmed',
      set: { amountOut: confirmation.amountOut, error: null, errorCode: null },
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
      },
    });
  }

  private async fail(run: Run, attempt: number, failure: AttemptFailure): Promise<void> {
    try {
      // The attempt that failed, even if it failed before its `routing` step was written.
      await this.move(run, {
        from: predecessorsOf('failed'),
        to: 'failed',
        attempt,
        set: { error: failure.message, errorCode: failure.code },
        details: { error: failure.message, code: failure.code, retryable: failure.retryable, attempts: attempt },
      });
    } catch (err) {
      if (!(err instanceof IllegalTransitionError)) throw err;
    }
  }

  private async move(run: Run, req: TransitionRequest): Promise<void> {
    const event = await this.transitions.transition(run.order.id, { ...req, expectedSeq: run.lastSeenSeq });
    run.lastSeenSeq = event.seq;
  }

  private token(symbol: string): Token {
    const token = this.tokens.resolve(symbol);
    if (!token) throw new Error(`token ${symbol} of a stored order is not in the registry`);
    return token;
  }
}
