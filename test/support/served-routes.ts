import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Records every route Fastify registers from now on (call before `listen`/`init`, when Nest adds
 * its routes), as `METHOD /path/{param}`, the way OpenAPI writes paths.
 */
export function recordServedRoutes(app: NestFastifyApplication): Set<string> {
  const routes = new Set<string>();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      for (const method of methods) routes.add(`${method} ${path}`);
    });
  return routes;
}
