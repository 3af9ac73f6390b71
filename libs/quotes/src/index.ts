export { QuotesModule } from './quotes.module';
export { QuotesService } from './quotes.service';
export { QuoteQuery } from './quote.query';
