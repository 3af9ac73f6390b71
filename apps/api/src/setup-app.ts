import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { EnvironmentVariables, loadEnvironment, logLevelsUpTo } from '@app/config';
import { ApiModule } from './api.module';
import { DomainExceptionFilter } from './domain-exception.filter';
import { OrderRoutingWsAdapter } from './order-ws.adapter';
import { createValidationPipe } from './validation.pipe';

const wsAdapters = new WeakMap<NestFastifyApplication, OrderRoutingWsAdapter>();

/** The WebSocket adapter of an app built by createApiApp (for its connection count, in tests). */
export function webSocketAdapterOf(app: NestFastifyApplication): OrderRoutingWsAdapter | undefined {
  return wsAdapters.get(app);
}

/**
 * Builds the api application exactly as `main.ts` serves it; the e2e tests call this too, so they
 * run the real wiring (adapter, pipe, filter, WebSocket routing, shutdown hooks).
 */
export async function createApiApp(env: EnvironmentVariables = loadEnvironment()): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    // Fastify refuses JSON with __proto__ / constructor.prototype keys (prototype pollution).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot({ runWorker: env.RUN_WORKER }), adapter, {
    logger: logLevelsUpTo(env.LOG_LEVEL),
    // Fastify's own JSON parser only: Nest would also register a form (urlencoded) parser, which
    // would let any web page's plain HTML form place orders. Other media types get 415.
    bodyParser: false,
  });
  const wsAdapter = new OrderRoutingWsAdapter(app, {
    maxUrlLength: env.MAX_URL_LENGTH,
    maxConnections: env.WS_MAX_CONNECTIONS,
    maxConnectionsPerAddress: env.WS_MAX_CONNECTIONS_PER_ADDRESS,
  });
  wsAdapters.set(app, wsAdapter);
  app.useWebSocketAdapter(wsAdapter);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();
  return app;
}

export async function startApi(): Promise<void> {
  const env = loadEnvironment();
  const app = await createApiApp(env);
  await app.listen(env.PORT, env.HOST);
  const role = env.RUN_WORKER ? 'api + worker' : 'api';
  new Logger('Bootstrap').log(`Order engine (${role}) listening on http://${env.HOST}:${env.PORT}`);
}
