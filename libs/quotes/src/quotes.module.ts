import { Module } from '@nestjs/common';
import { QuotesController } from './quotes.controller';
import { QuotesService } from './quotes.service';

/**
 * GET /api/quotes, for the api role. Needs the (global) DexModule from the app: the quotes come
 * from the same router and market that execute orders.
 */
@Module({
  controllers: [QuotesController],
  providers: [QuotesService],
  exports: [QuotesService],
})
export class QuotesModule {}
