import 'reflect-metadata';
import { findUnreachableServices } from '@app/common';
import { loadEnvironment, redisConfig } from '@app/config';
import { startApi } from './setup-app';

async function main(): Promise<void> {
  const env = loadEnvironment();
  const problems = await findUnreachableServices(env.DATABASE_URL, redisConfig().endpoint);
  if (problems.length > 0) {
    console.error(`The engine cannot start:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    process.exit(1);
  }
  await startApi();
}

main().catch((err: Error) => {
  console.error(`The engine could not start: ${err.message}`);
  process.exit(1);
});
