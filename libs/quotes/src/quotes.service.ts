import { Injectable } from '@nestjs/common';
import { DexRouter, QuoteView, toQuoteView, TokenRegistry } from '@app/dex';
import { parseOrderRequest } from '@app/orders';
import { QuoteQuery } from './quote.query';

/** Prices an order without executing it: the very quote the router would route an order with. */
@Injectable()
export class QuotesService {
  constructor(
    private readonly tokens: TokenRegistry,
    private readonly router: DexRouter,
  ) {}

  /** Throws OrderValidationError for bad input, DexError when no route can fill the order. */
  async quote(query: QuoteQuery): Promise<QuoteView> {
    const request = parseOrderRequest(query, this.tokens);
    const route = await this.router.quote(request.tokenIn, request.tokenOut, request.amountIn);
    return toQuoteView(route, request.slippageBps);
  }
}
