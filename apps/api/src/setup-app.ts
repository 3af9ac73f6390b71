import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Authenticator } from '@app/accounts';
import { EnvironmentVariables, loadEnvironment, logLevelsUpTo } from '@app/config';
import { ORDER_WS_PATH } from '@app/orders';
import { ApiModule } from './api.module';
import { DomainExceptionFilter } from './domain-exception.filter';
import { applyResponseHeaders } from './http-headers';
import { clientErrorHandler, edgeServerFactory, frameworkErrors } from './http-server';
import { OrderRoutingWsAdapter } from './order-ws.adapter';
import { refuseWhileClosing, ShutdownGate } from './shutdown-gate';
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
    // Our own server: it refuses over-long URLs before Fastify parses or routes them, and carries
    // the request, idle and keep-alive timeouts.
    serverFactory: edgeServerFactory({
      maxUrlLength: env.MAX_URL_LENGTH,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: env.HTTP_CONNECTION_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    }),
    clientErrorHandler,
    frameworkErrors,
    // While closing, requests get the engine's SHUTTING_DOWN answer (refuseWhileClosing).
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot({ runWorker: env.RUN_WORKER, simLaunchesApi: env.SIM_LAUNCHES_API }), adapter, {
    logger: logLevelsUpTo(env.LOG_LEVEL),
    // Fastify's own JSON parser only: Nest would also register a form (urlencoded) parser, which
    // would let any web page's plain HTML form place orders. Other media types get 415.
    bodyParser: false,
  });
  await applyResponseHeaders(app, env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',') : []);
  const gate = app.get(ShutdownGate);
  refuseWhileClosing(app, gate);
  const authenticator = app.get(Authenticator);
  const wsAdapter = new OrderRoutingWsAdapter(
    app,
    {
      maxUrlLength: env.MAX_URL_LENGTH,
      maxConnections: env.WS_MAX_CONNECTIONS,
      maxConnectionsPerAddress: env.WS_MAX_CONNECTIONS_PER_ADDRESS,
      // Clients written for the original brief open the stream on the path they posted to.
      aliases: [{ path: '/api/orders/execute', queryParam: 'orderId', target: ORDER_WS_PATH }],
    },
    (url, headers) => authenticator.authenticateUpgrade(url, headers),
  );
  wsAdapters.set(app, wsAdapter);
  app.useWebSocketAdapter(wsAdapter);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter(() => gate.closing));
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
