import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { exitUnlessServicesAnswer, installProcessSafetyNet } from '@app/common';
import { loadEnvironment, logLevelsUpTo, redisConfig } from '@app/config';
import { WorkerModule } from './worker.module';

/** The worker role alone: no HTTP server, just the processor (scale by running more of these). */
async function bootstrap(): Promise<void> {
  installProcessSafetyNet('worker', new Logger('Process'));
  const env = loadEnvironment();
  await exitUnlessServicesAnswer('The worker', env.DATABASE_URL, redisConfig().endpoint);
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: logLevelsUpTo(env.LOG_LEVEL),
  });
  app.enableShutdownHooks();
  new Logger('Bootstrap').log(`Order engine worker running (concurrency ${env.WORKER_CONCURRENCY})`);
}

bootstrap().catch((err: Error) => {
  console.error(`The worker could not start: ${err.message}`);
  process.exit(1);
});
