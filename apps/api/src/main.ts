import 'reflect-metadata';
import { exitUnlessServicesAnswer } from '@app/common';
import { loadEnvironment, redisConfig } from '@app/config';
import { startApi } from './setup-app';

async function main(): Promise<void> {
  const env = loadEnvironment();
  await exitUnlessServicesAnswer('The engine', env.DATABASE_URL, redisConfig().endpoint);
  await startApi();
}

main().catch((err: Error) => {
  console.error(`The engine could not start: ${err.message}`);
  process.exit(1);
});
