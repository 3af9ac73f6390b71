import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HttpErrorCode } from './http-error-codes';

/** What a client waits before it tries again: another process, or this one restarted. */
export const SHUTTING_DOWN_RETRY_AFTER_S = 2;

/** The body of every answer refused because the api is stopping. */
export const SHUTTING_DOWN_ANSWER = {
  statusCode: 503,
  code: HttpErrorCode.SHUTTING_DOWN,
  message: 'the engine is shutting down; retry shortly',
} as const;

/**
 * Whether the api is stopping. Set by the first of the shutdown hooks (onModuleDestroy runs before
 * the worker drains, the HTTP server closes and the database pool and Redis connections close), so
 * that from the stop signal on a new request is answered 503 SHUTTING_DOWN with Retry-After at
 * once, instead of waiting for a drain or meeting a closed pool. Requests already running finish.
 */
@Injectable()
export class ShutdownGate implements OnModuleDestroy {
  private stopping = false;

  get closing(): boolean {
    return this.stopping;
  }

  onModuleDestroy(): void {
    this.stopping = true;
  }
}

/**
 * Routes still answered while closing: the probes (readiness says `DRAINING`, liveness stays 200
 * until the process exits) and /metrics (a last scrape of the drain). None touches a closing pool.
 */
const SERVED_WHILE_CLOSING = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Answers every request that arrives once the gate is closing, but for the probes and /metrics.
 * Fastify's own answer while it closes (a bare 503, `return503OnClosing`) is turned off where the
 * adapter is made, so that the last requests on kept-alive connections get this one too.
 */
export function refuseWhileClosing(app: NestFastifyApplication, gate: ShutdownGate): void {
  const body = JSON.stringify(SHUTTING_DOWN_ANSWER);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if (!gate.closing || SERVED_WHILE_CLOSING.has(request.routeOptions.url ?? '')) return done();
      void reply
        .status(503)
        .header('Retry-After', String(SHUTTING_DOWN_RETRY_AFTER_S))
        .header('Connection', 'close')
        .type('application/json; charset=utf-8')
        .send(body);
    });
}
