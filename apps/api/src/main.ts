import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { exitUnlessServicesAnswer, installProcessSafetyNet } from '@app/common';
import { loadEnvironment, redisConfig } from '@app/config';
import { EngineNestLogger } from '@app/observability';
import { apiLogger, startApi } from './setup-app';

async function main(): Promise<void> {
  // Here, where the process starts, not in createApiApp: the e2e tests build apps inside jest.
  installProcessSafetyNet('api', new Logger('Process'));
  const env = loadEnvironment();
  // From here on every Nest Logger, the safety net's included, writes through pino.
  const logger = apiLogger(env);
  Logger.overrideLogger(new EngineNestLogger(logger));
  await exitUnlessServicesAnswer('The engine', env.DATABASE_URL, redisConfig().endpoint);
  await startApi(logger);
}

main().catch((err: Error) => {
  console.error(`The engine could not start: ${err.message}`);
  process.exit(1);
});
