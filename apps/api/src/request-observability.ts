import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger as Pino } from 'pino';
import { urlForLog } from '@app/common';
import { EngineMetrics, REQUEST_ID_HEADER } from '@app/observability';

/** Routes a scraper or a prober calls every few seconds: their request lines are debug, not info. */
const QUIET_ROUTES = new Set(['/metrics', '/health', '/health/live', '/health/ready']);

/**
 * Per request: its id back in `X-Request-Id` on every answer (errors, 404s and 413s included:
 * onRequest runs before routing and body parsing), the HTTP metric by route pattern, and one
 * `request completed` line carrying the request id (Fastify's request logger binds it).
 */
export function observeRequests(app: NestFastifyApplication, metrics: EngineMetrics): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    // The pattern (`/api/orders/:id`), never the URL; undefined when no route matched.
    const route = request.routeOptions.url;
    const ms = reply.elapsedTime;
    metrics.httpRequest(request.method, route, reply.statusCode, ms / 1000);
    const level = route !== undefined && QUIET_ROUTES.has(route) ? 'debug' : 'info';
    const log = request.log as unknown as Pino;
    if (log.isLevelEnabled(level)) {
      const line = { method: request.method, url: urlForLog(request.url), route, statusCode: reply.statusCode };
      log[level]({ ...line, durationMs: Math.round(ms * 10) / 10 }, 'request completed');
    }
    done();
  });
}
