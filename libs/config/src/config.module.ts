import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadEnvironment } from './environment';
import {
  accountsConfig,
  appConfig,
  databaseConfig,
  edgeConfig,
  executionConfig,
  observabilityConfig,
  redisConfig,
  simulationConfig,
} from './namespaces';

/**
 * Typed configuration for every role. `validate` runs once at start, so a bad setting stops the
 * process before it touches Postgres or Redis, with a message naming each bad variable.
 */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: true,
      validate: (raw) => ({ ...raw, ...loadEnvironment(raw as NodeJS.ProcessEnv) }),
      load: [
        appConfig,
        databaseConfig,
        redisConfig,
        executionConfig,
        simulationConfig,
        accountsConfig,
        edgeConfig,
        observabilityConfig,
      ],
    }),
  ],
  exports: [ConfigModule],
})
export class EngineConfigModule {}
