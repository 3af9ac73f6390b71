import { DataSource } from 'typeorm';
import { loadEnvironment } from '@app/config';
import { dataSourceOptions } from './data-source-options';

/** The DataSource of the TypeORM CLI (`npm run migration:run`, `migration:create`). */
const env = loadEnvironment();
export default new DataSource(dataSourceOptions(env.DATABASE_URL, 1));
