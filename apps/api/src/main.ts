import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { exitUnlessServicesAnswer, installProcessSafetyNet } from '@app/common';
import { loadEnvironment, redisConfig } from '@app/config';
import { startApi } from './setup-app';

async function main(): Promise<void> {
  // Here, where the process starts, not in createApiApp: the e2e tests build apps inside jest.
  installProcessSafetyNet('api', new Logger('Process'));
  const env = loadEnvironment();
  await exitUnlessServicesAnswer('The engine', env.DATABASE_URL, redisConfig().endpoint);
  await startApi();
}

main().catch((err: Error) => {
  console.error(`The engine could not start: ${err.message}`);
  process.exit(1);
});
