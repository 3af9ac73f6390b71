import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminRoute } from '@app/accounts';
import { ACCOUNT_ERRORS, ApiErrors, ApiExampleRequests, RATE_LIMIT_HEADERS } from '@app/common';
import { LaunchResponse, LaunchView } from '@app/dex';
import { LaunchesService } from '../launches.service';
import { EmptyBodyAsObject } from './empty-body.interceptor';
import { ScheduleLaunchDto } from './schedule-launch.dto';

/**
 * POST /api/sim/launches: makes a token launch now, for tests and demonstrations. Registered only
 * when SIM_LAUNCHES_API=true (otherwise the route does not exist: 404); an operator endpoint.
 */
@ApiTags('Launches')
@Controller('api/sim/launches')
export class SimLaunchesController {
  constructor(private readonly launches: LaunchesService) {}

  @Post()
  @HttpCode(201)
  @AdminRoute()
  @UseInterceptors(EmptyBodyAsObject)
  @ApiOperation({
    operationId: 'scheduleLaunch',
    summary: 'Make a token launch now (simulation; only with SIM_LAUNCHES_API=true)',
    description:
      'Served only when the engine runs with `SIM_LAUNCHES_API=true` (otherwise 404 like any unknown route). An operator ' +
      'endpoint: in `AUTH_MODE=required` only an admin key. The launch opens in the first slot at least `inSeconds` from ' +
      'now (default 2 s); every api and worker process knows it within about a second.',
  })
  @ApiBody({ type: ScheduleLaunchDto, required: false, description: 'Optional: no body is read as `{}`.' })
  @ApiResponse({
    status: 201,
    type: LaunchResponse,
    description: 'The launch, `announced`.',
    headers: RATE_LIMIT_HEADERS,
  })
  @ApiErrors(...ACCOUNT_ERRORS, 'FORBIDDEN', 'VALIDATION_FAILED', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE')
  @ApiExampleRequests({
    inAnHour: { summary: 'A launch an hour from now', status: 201, body: { inSeconds: 3600 } },
    soon: { summary: 'A launch in the next slots (default)', status: 201, body: {} },
    tooLate: { summary: 'More than a day away', status: 400, body: { inSeconds: 86401 } },
  })
  schedule(@Body() body: ScheduleLaunchDto): Promise<LaunchView> {
    return this.launches.schedule(body.inSeconds);
  }
}
