import type { FastifyInstance } from 'fastify';

/**
 * Records every route registered on `fastify` from now on, as `METHOD /path/{param}` (the way
 * OpenAPI writes paths). Started before anything registers a route, so that the list is whole:
 * the contract test holds the OpenAPI document to it.
 */
export function recordRoutes(fastify: FastifyInstance): ReadonlySet<string> {
  const routes = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of methods) routes.add(`${method} ${path}`);
  });
  return routes;
}
