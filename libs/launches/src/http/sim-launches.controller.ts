import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { AdminRoute } from '@app/accounts';
import type { LaunchView } from '@app/dex';
import { LaunchesService } from '../launches.service';
import { EmptyBodyAsObject } from './empty-body.interceptor';
import { ScheduleLaunchDto } from './schedule-launch.dto';

/**
 * POST /api/sim/launches: makes a token launch now, for tests and demonstrations. Registered only
 * when SIM_LAUNCHES_API=true (otherwise the route does not exist: 404); an operator endpoint.
 */
@Controller('api/sim/launches')
export class SimLaunchesController {
  constructor(private readonly launches: LaunchesService) {}

  @Post()
  @HttpCode(201)
  @AdminRoute()
  @UseInterceptors(EmptyBodyAsObject)
  schedule(@Body() body: ScheduleLaunchDto): Promise<LaunchView> {
    return this.launches.schedule(body.inSeconds);
  }
}
