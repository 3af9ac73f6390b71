import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig, DatabaseConfig } from '@app/config';
import { dataSourceOptions } from './data-source-options';
import { prepareDatabase } from './run-migrations';

/**
 * The engine's Postgres connection. Before connecting it creates the database if needed and runs
 * pending migrations under an advisory lock; `synchronize` is never used.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: async (cfg: DatabaseConfig) => {
        const applied = await prepareDatabase(cfg.url);
        if (applied.length > 0) new Logger('DatabaseModule').log(`Applied migrations: ${applied.join(', ')}`);
        // The session limits apply from here on, not to the migrations above.
        return { ...dataSourceOptions(cfg.url, cfg.poolSize, cfg), autoLoadEntities: true };
      },
    }),
  ],
})
export class DatabaseModule {}
