import { Controller, Get, Query } from '@nestjs/common';
import type { MarketPair } from '@app/dex';
import { PriceHistoryQuery } from './price-history.query';
import { PriceHistoryService, PriceHistoryView } from './price-history.service';

/** The simulated market: its pairs, and their recent prices on each venue (for charts). */
@Controller('api/market')
export class MarketController {
  constructor(private readonly history: PriceHistoryService) {}

  /** GET /api/market/pairs: every pair a pool trades, with its pools. */
  @Get('pairs')
  pairs(): { pairs: MarketPair[] } {
    return { pairs: this.history.listPairs() };
  }

  /** GET /api/market/prices?pair=SOL-USDC&minutes=60&points=120 */
  @Get('prices')
  prices(@Query() query: PriceHistoryQuery): Promise<PriceHistoryView> {
    return this.history.history(query);
  }
}
