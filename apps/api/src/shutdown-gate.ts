import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** What a client waits before it tries again: another process, or this one restarted. */
export const SHUTTING_DOWN_RETRY_AFTER_S = 2;

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
 * Answers every request that arrives once the gate is closing. Fastify's own answer while it
 * closes (a bare 503, `return503OnClosing`) is turned off where the adapter is made, so that the
 * last requests on kept-alive connections get this one too.
 */
export function refuseWhileClosing(app: NestFastifyApplication, gate: ShutdownGate): void {
  const body = JSON.stringify({
    statusCode: 503,
    code: 'SHUTTING_DOWN',
    message: 'the engine is shutting down; retry shortly',
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      if (!gate.closing) return done();
      void reply
        .status(503)
        .header('Retry-After', String(SHUTTING_DOWN_RETRY_AFTER_S))
        .header('Connection', 'close')
        .type('application/json; charset=utf-8')
        .send(body);
    });
}
