import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { buildAsyncApiDocument } from './asyncapi-document';
import { buildOpenApiDocument } from './openapi-document';
import { serveSwaggerUi } from './swagger-ui';

/** Where the documents are served; everything under DOCS_PATH is documentation, not API. */
export const DOCS_PATH = '/docs';
export const OPENAPI_JSON_PATH = '/docs/json';
export const ASYNCAPI_JSON_PATH = '/docs/asyncapi.json';

/**
 * The API forbids every source (helmet's `default-src 'none'`: it answers JSON only). Swagger UI is
 * a page: its scripts, styles and images come from this server (swagger-ui-dist, no CDN); it sets
 * inline styles and data: images (its icons), and fetches nothing but this origin.
 */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the OpenAPI document at /docs/json, Swagger UI at /docs and the AsyncAPI document at
 * /docs/asyncapi.json. Both documents are built here, once; nothing of them runs per request.
 */
export function setupApiDocs(app: NestFastifyApplication): void {
  const openapi = buildOpenApiDocument(app);
  const asyncapi = JSON.stringify(buildAsyncApiDocument(openapi));
  // The document only: the UI is served by serveSwaggerUi (SwaggerModule's UI would mount
  // @fastify/static on the whole swagger-ui-dist directory).
  SwaggerModule.setup(DOCS_PATH, app, openapi, { jsonDocumentUrl: OPENAPI_JSON_PATH, raw: ['json'], ui: false });
  serveSwaggerUi(app, DOCS_PATH, OPENAPI_JSON_PATH, 'DEX order execution engine: API');
  app.getHttpAdapter().get(ASYNCAPI_JSON_PATH, (_request, reply) => {
    reply.type('application/json').send(asyncapi);
  });
  // Registered after applyResponseHeaders' hook, so that it replaces the API's policy on these pages.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const path = request.url.split('?', 1)[0];
      if (path === DOCS_PATH || path.startsWith(`${DOCS_PATH}/`)) reply.header('Content-Security-Policy', DOCS_CSP);
      done();
    });
}
