import { Controller, Get, Query } from '@nestjs/common';
import type { QuoteView } from '@app/dex';
import { QuoteQuery } from './quote.query';
import { QuotesService } from './quotes.service';

/** GET /api/quotes: what an order would get now, so a front-end can show a price before submitting. */
@Controller('api/quotes')
export class QuotesController {
  constructor(private readonly quotes: QuotesService) {}

  @Get()
  quote(@Query() query: QuoteQuery): Promise<QuoteView> {
    return this.quotes.quote(query);
  }
}
