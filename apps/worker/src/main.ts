import 'reflect-metadata';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadEnvironment } from '@app/config';
import { WorkerModule } from './worker.module';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The worker role alone: no HTTP server, just the processor (scale by running more of these). */
async function bootstrap(): Promise<void> {
  const env = loadEnvironment();
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: LEVELS.slice(0, LEVELS.indexOf(env.LOG_LEVEL as LogLevel) + 1),
  });
  app.enableShutdownHooks();
  new Logger('Bootstrap').log(`Order engine worker running (concurrency ${env.WORKER_CONCURRENCY})`);
}

bootstrap().catch((err: Error) => {
  console.error(`The worker could not start: ${err.message}`);
  process.exit(1);
});
