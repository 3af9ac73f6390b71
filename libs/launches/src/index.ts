export { LaunchesModule } from './launches.module';
export type { LaunchesModuleOptions } from './launches.module';
export { LaunchesService } from './launches.service';
export { LaunchesRepository } from './persistence/launches.repository';
