import { Module } from '@nestjs/common';
import { MarketController } from './market.controller';
import { PriceHistoryService } from './price-history.service';
import { QuotesController } from './quotes.controller';
import { QuotesService } from './quotes.service';

/**
 * GET /api/quotes and the market's pairs and price history (GET /api/market/*), for the api role.
 * Needs the (global) DexModule from the app: the quotes come from the same router and market that
 * execute orders.
 */
@Module({
  controllers: [QuotesController, MarketController],
  providers: [QuotesService, PriceHistoryService],
  exports: [QuotesService],
})
export class QuotesModule {}
