import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ACCOUNT_ERRORS, ApiErrors, ApiExampleRequests, EXAMPLE_FIXTURES } from '@app/common';
import { UpgradeRequiredBody, upgradeRequired } from './upgrade-required';

/**
 * GET /ws/orders/:orderId without `Upgrade: websocket`. The stream itself never reaches Fastify's
 * router (the WebSocket adapter takes the upgrade from the HTTP server first); a plain GET is told
 * how to open it (426), as on the /api/orders/execute alias, rather than a bare 404.
 */
@ApiTags('WebSocket')
@Controller('ws/orders')
export class OrderStreamController {
  @Get(':orderId')
  @ApiOperation({
    operationId: 'streamOrder',
    summary: 'An order\'s status stream (WebSocket)',
    description:
      'A WebSocket: open it with `Upgrade: websocket` (authenticate with the key headers or `?ticket=`). It sends every ' +
      'stored event of the order in `seq` order, then live ones, and closes after the terminal event. The messages are ' +
      'described in the AsyncAPI document at [/docs/asyncapi.json](/docs/asyncapi.json). A plain GET answers 426.',
  })
  @ApiParam({ name: 'orderId', format: 'uuid', description: 'The order to follow.' })
  @ApiErrors(...ACCOUNT_ERRORS, 'UPGRADE_REQUIRED')
  @ApiExampleRequests({
    plainGet: { summary: 'A plain GET is told to upgrade', status: 426, params: { orderId: EXAMPLE_FIXTURES.confirmedOrder } },
  })
  upgradeRequired(@Res({ passthrough: true }) reply: FastifyReply): UpgradeRequiredBody {
    return upgradeRequired(reply);
  }
}
