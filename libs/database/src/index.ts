export { DatabaseModule } from './database.module';
export { dataSourceOptions, MIGRATIONS } from './data-source-options';
export { ensureDatabase } from './ensure-database';
export { prepareDatabase } from './run-migrations';
export { isRowLevelError, MicroBatcher } from './micro-batcher';
export type { BatchOutcome, MicroBatcherOptions } from './micro-batcher';
