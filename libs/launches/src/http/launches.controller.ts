import { Controller, Get } from '@nestjs/common';
import type { LaunchView } from '@app/dex';
import { LaunchesService } from '../launches.service';

/** GET /api/launches: the launchpad's upcoming and recent launches, for any caller the edge admits. */
@Controller('api/launches')
export class LaunchesController {
  constructor(private readonly launches: LaunchesService) {}

  @Get()
  list(): { items: LaunchView[] } {
    return this.launches.list();
  }
}
