import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACCOUNT_ERRORS, ApiErrors, ApiExampleRequests, RATE_LIMIT_HEADERS } from '@app/common';
import type { MarketPair } from '@app/dex';
import { MarketPairsResponse, PriceHistoryResponse } from './market.responses';
import { PriceHistoryQuery } from './price-history.query';
import { PriceHistoryService, PriceHistoryView } from './price-history.service';

/** The simulated market: its pairs, and their recent prices on each venue (for charts). */
@ApiTags('Market')
@Controller('api/market')
export class MarketController {
  constructor(private readonly history: PriceHistoryService) {}

  /** GET /api/market/pairs: every pair a pool trades, with its pools. */
  @Get('pairs')
  @ApiOperation({ operationId: 'listMarketPairs', summary: 'The pairs the pools trade, with their venues and pools' })
  @ApiResponse({ status: 200, type: MarketPairsResponse, description: 'The pairs.', headers: RATE_LIMIT_HEADERS })
  @ApiErrors(...ACCOUNT_ERRORS)
  @ApiExampleRequests({ all: { summary: 'Every pair of the simulated market', status: 200 } })
  pairs(): { pairs: MarketPair[] } {
    return { pairs: this.history.listPairs() };
  }

  /** GET /api/market/prices?pair=SOL-USDC&minutes=60&points=120 */
  @Get('prices')
  @ApiOperation({
    operationId: 'getPriceHistory',
    summary: "Each venue's recent prices of a pair",
    description:
      'Evenly spaced moments ending now, at least a second apart. The simulated market is a function of the seed ' +
      'and the clock, so the history is computed for the moments asked, not recorded.',
  })
  @ApiResponse({ status: 200, type: PriceHistoryResponse, description: 'The history.', headers: RATE_LIMIT_HEADERS })
  @ApiErrors(...ACCOUNT_ERRORS, 'VALIDATION_FAILED')
  @ApiExampleRequests({
    lastHour: { summary: 'SOL-USDC over the last hour', status: 200, query: { pair: 'SOL-USDC', minutes: '60', points: '120' } },
    reversed: { summary: 'A pair reversed: SOL per USDC', status: 200, query: { pair: 'USDC-SOL', minutes: '15' } },
    unknownPair: { summary: 'A pair no pool trades', status: 400, query: { pair: 'SOL-EUR' } },
    tooLong: { summary: 'A window over a day', status: 400, query: { pair: 'SOL-USDC', minutes: '1441' } },
  })
  prices(@Query() query: PriceHistoryQuery): Promise<PriceHistoryView> {
    return this.history.history(query);
  }
}
