import { Injectable } from '@nestjs/common';
import { DexRouter, FeeChoice, FeeChoiceError, parseFeeChoice, QuoteView, toQuoteView, TokenRegistry } from '@app/dex';
import { FieldViolation, OrderRequest, OrderValidationError, parseOrderRequest } from '@app/orders';
import { QuoteQuery } from './quote.query';

/** Prices an order without executing it: the very quote the router would route an order with. */
@Injectable()
export class QuotesService {
  constructor(
    private readonly tokens: TokenRegistry,
    private readonly router: DexRouter,
  ) {}

  /**
   * Throws OrderValidationError for bad input (the order's fields and the fee choice together),
   * DexError when no route can fill the order.
   */
  async quote(query: QuoteQuery): Promise<QuoteView> {
    const violations: FieldViolation[] = [];
    let request: OrderRequest | undefined;
    let fees: FeeChoice = {};
    try {
      const { tokenIn, tokenOut, amountIn, slippage } = query;
      request = parseOrderRequest({ tokenIn, tokenOut, amountIn, slippage }, this.tokens);
    } catch (err) {
      if (!(err instanceof OrderValidationError)) throw err;
      violations.push(...err.violations);
    }
    try {
      fees = parseFeeChoice(query);
    } catch (err) {
      if (!(err instanceof FeeChoiceError)) throw err;
      violations.push(...err.violations);
    }
    if (violations.length > 0 || !request) throw new OrderValidationError(violations);
    const choice = Object.keys(fees).length > 0 ? fees : undefined;
    const route = await this.router.quote(request.tokenIn, request.tokenOut, request.amountIn, undefined, choice);
    return toQuoteView(route, request.slippageBps);
  }
}
