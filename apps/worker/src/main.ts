import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { exitUnlessServicesAnswer, installProcessSafetyNet } from '@app/common';
import { loadEnvironment, redisConfig } from '@app/config';
import { createEngineLogger, EngineNestLogger } from '@app/observability';
import { WorkerModule } from './worker.module';

/**
 * The worker role alone: the processor (scale by running more of these), and a small HTTP port
 * for its metrics and probes (WORKER_HTTP_PORT).
 */
async function bootstrap(): Promise<void> {
  installProcessSafetyNet('worker', new Logger('Process'));
  const env = loadEnvironment();
  // From here on every Nest Logger, the safety net's included, writes through pino.
  const pino = createEngineLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT, role: 'worker' });
  const logger = new EngineNestLogger(pino);
  Logger.overrideLogger(logger);
  await exitUnlessServicesAnswer('The worker', env.DATABASE_URL, redisConfig().endpoint);
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
  new Logger('Bootstrap').log(`Order engine worker running (concurrency ${env.WORKER_CONCURRENCY})`);
}

bootstrap().catch((err: Error) => {
  console.error(`The worker could not start: ${err.message}`);
  process.exit(1);
});
