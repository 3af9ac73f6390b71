import { Injectable } from '@nestjs/common';
import { DexRouter, markQuote, Token } from '@app/dex';
import { formatPrice, tradePrice } from './domain/order-type';

/** A market price: tokenOut per tokenIn in token units, × 10^18 and as its decimal text. */
export interface MarketPrice {
  scaled: bigint;
  text: string;
}

/** The market price of a pair now (see markQuote): what stops trigger on and waiting orders show. */
@Injectable()
export class MarketPrices {
  constructor(private readonly router: DexRouter) {}

  async current(tokenIn: Token, tokenOut: Token): Promise<MarketPrice> {
    const { amountIn, outAmount } = await markQuote(this.router, tokenIn, tokenOut);
    const scaled = tradePrice(amountIn, outAmount, tokenIn.decimals, tokenOut.decimals);
    return { scaled, text: formatPrice(scaled) };
  }
}
