export { DatabaseModule } from './database.module';
export { dataSourceOptions, MIGRATIONS } from './data-source-options';
export type { SessionTimeouts } from './data-source-options';
export { ensureDatabase } from './ensure-database';
export { prepareDatabase } from './run-migrations';
export { isRowLevelError } from './postgres-errors';
export { liveOnRetry, withLiveConnection } from './live-connection';
