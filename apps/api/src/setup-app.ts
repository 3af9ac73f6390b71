import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { DestinationStream, Logger as Pino } from 'pino';
import { Authenticator } from '@app/accounts';
import { EnvironmentVariables, loadEnvironment } from '@app/config';
import {
  createEngineLogger,
  EngineMetrics,
  EngineNestLogger,
  REQUEST_ID_HEADER,
  requestIdFrom,
} from '@app/observability';
import { ORDER_WS_PATH } from '@app/orders';
import { ApiModule } from './api.module';
import { serveDashboard } from './dashboard';
import { setupApiDocs } from './docs/api-docs';
import { DomainExceptionFilter } from './domain-exception.filter';
import { applyResponseHeaders } from './http-headers';
import { clientErrorHandler, edgeServerFactory, frameworkErrors } from './http-server';
import { OrderRoutingWsAdapter } from './order-ws.adapter';
import { observeRequests } from './request-observability';
import { recordRoutes } from './served-routes';
import { refuseWhileClosing, ShutdownGate } from './shutdown-gate';
import { createValidationPipe } from './validation.pipe';

const wsAdapters = new WeakMap<NestFastifyApplication, OrderRoutingWsAdapter>();
const servedRoutes = new WeakMap<NestFastifyApplication, ReadonlySet<string>>();

/** The WebSocket adapter of an app built by createApiApp (for its connection count, in tests). */
export function webSocketAdapterOf(app: NestFastifyApplication): OrderRoutingWsAdapter | undefined {
  return wsAdapters.get(app);
}

/** Every route an app built by createApiApp serves (`GET /api/orders/{id}`, …), for the contract test. */
export function servedRoutesOf(app: NestFastifyApplication): ReadonlySet<string> {
  return servedRoutes.get(app) ?? new Set();
}

export interface ApiAppOptions {
  /** The process's root logger (main.ts makes it first, for the safety net); one is made when absent. */
  logger?: Pino;
  /** Where a logger made here writes (tests capture lines with it); stdout when absent. */
  logDestination?: DestinationStream;
}

/** The root logger of an api process, from LOG_LEVEL and LOG_FORMAT. */
export function apiLogger(env: EnvironmentVariables, destination?: DestinationStream): Pino {
  const role = env.RUN_WORKER ? 'api+worker' : 'api';
  return createEngineLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT, role, destination });
}

/**
 * Builds the api application exactly as `main.ts` serves it; the e2e tests call this too, so they
 * run the real wiring (adapter, pipe, filter, WebSocket routing, shutdown hooks, logs, metrics).
 */
export async function createApiApp(
  env: EnvironmentVariables = loadEnvironment(),
  options: ApiAppOptions = {},
): Promise<NestFastifyApplication> {
  const logger = options.logger ?? apiLogger(env, options.logDestination);
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    // Fastify's request logger: every line it writes for a request carries `requestId`. Its own
    // two lines per request are off; observeRequests writes one, with the route and the duration.
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers[REQUEST_ID_HEADER]),
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
  const routes = recordRoutes(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot({ runWorker: env.RUN_WORKER, simLaunchesApi: env.SIM_LAUNCHES_API }), adapter, {
    logger: new EngineNestLogger(logger),
    // Fastify's own JSON parser only: Nest would also register a form (urlencoded) parser, which
    // would let any web page's plain HTML form place orders. Other media types get 415.
    bodyParser: false,
  });
  await applyResponseHeaders(app, env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',') : []);
  // Before the shutdown gate's hook: its SHUTTING_DOWN answers carry a request id and are counted too.
  const metrics = app.get(EngineMetrics);
  observeRequests(app, metrics);
  const gate = app.get(ShutdownGate);
  refuseWhileClosing(app, gate);
  await serveDashboard(app);
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
  metrics.readWebSocketConnectionsFrom(() => wsAdapter.connections);
  servedRoutes.set(app, routes);
  app.useWebSocketAdapter(wsAdapter);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter(() => gate.closing));
  setupApiDocs(app);
  app.enableShutdownHooks();
  return app;
}

export async function startApi(logger?: Pino): Promise<void> {
  const env = loadEnvironment();
  const app = await createApiApp(env, { logger });
  await app.listen(env.PORT, env.HOST);
  const role = env.RUN_WORKER ? 'api + worker' : 'api';
  new Logger('Bootstrap').log(`Order engine (${role}) listening on http://${env.HOST}:${env.PORT}`);
}
