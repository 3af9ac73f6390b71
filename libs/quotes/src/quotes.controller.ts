import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACCOUNT_ERRORS, ApiErrors, ApiExampleRequests, EXAMPLE_FIXTURES, RATE_LIMIT_HEADERS } from '@app/common';
import { QuoteResponse, QuoteView } from '@app/dex';
import { QuoteQuery } from './quote.query';
import { QuotesService } from './quotes.service';

/** GET /api/quotes: what an order would get now, so a front-end can show a price before submitting. */
@ApiTags('Quotes')
@Controller('api/quotes')
export class QuotesController {
  constructor(private readonly quotes: QuotesService) {}

  @Get()
  @ApiOperation({
    operationId: 'getQuote',
    summary: 'Quote a swap without placing it',
    description:
      'The route the router would take now: every venue\'s quote, the winner and why. Quotes expire 10 s after ' +
      '`quotedAt`. Launched tokens quote through the launchpad curve, then their AMM pool once graduated.',
  })
  @ApiResponse({ status: 200, type: QuoteResponse, description: 'The quote.', headers: RATE_LIMIT_HEADERS })
  @ApiErrors(...ACCOUNT_ERRORS, 'VALIDATION_FAILED', 'NO_ROUTE', 'INSUFFICIENT_LIQUIDITY', 'NOT_YET_TRADABLE', 'RPC_TIMEOUT',
    'RPC_RATE_LIMITED', 'CURVE_COMPLETE')
  @ApiExampleRequests({
    solToUsdc: {
      summary: '1.5 SOL to USDC, 1% slippage',
      status: 200,
      query: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1.5', slippage: '0.01' },
    },
    withFees: {
      summary: 'With an automatic priority fee and a Jito tip',
      status: 200,
      query: {
        tokenIn: 'BONK', tokenOut: 'USDC', amountIn: '1000000', priorityFee: 'auto', maxPriorityFeeLamports: '200000', jitoTipLamports: '100000',
      },
    },
    missingAmount: { summary: 'No amountIn', status: 400, query: { tokenIn: 'SOL', tokenOut: 'USDC' } },
    unknownToken: { summary: 'A token the engine does not know', status: 400, query: { tokenIn: 'SOL', tokenOut: 'NOPE', amountIn: '1' } },
    notYetTradable: {
      summary: 'A launched token before its launch slot',
      status: 422,
      query: { tokenIn: 'SOL', tokenOut: EXAMPLE_FIXTURES.announcedLaunch, amountIn: '1' },
    },
  })
  quote(@Query() query: QuoteQuery): Promise<QuoteView> {
    return this.quotes.quote(query);
  }
}
