import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACCOUNT_ERRORS, ApiErrors, ApiExampleRequests, RATE_LIMIT_HEADERS } from '@app/common';
import { LaunchListResponse, LaunchView } from '@app/dex';
import { LaunchesService } from '../launches.service';

/** GET /api/launches: the launchpad's upcoming and recent launches, for any caller the edge admits. */
@ApiTags('Launches')
@Controller('api/launches')
export class LaunchesController {
  constructor(private readonly launches: LaunchesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listLaunches',
    summary: 'Upcoming and recent token launches',
    description: 'Newest `launchAt` first, at most 50.',
  })
  @ApiResponse({ status: 200, type: LaunchListResponse, description: 'The launches.', headers: RATE_LIMIT_HEADERS })
  @ApiErrors(...ACCOUNT_ERRORS)
  @ApiExampleRequests({ all: { summary: 'Every launch the market knows now', status: 200 } })
  list(): { items: LaunchView[] } {
    return this.launches.list();
  }
}
