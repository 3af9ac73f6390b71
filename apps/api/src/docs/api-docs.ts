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
 * Serves the OpenAPI document at /docs/json, Swagger UI at /docs and the AsyncAPI document at
 * /docs/asyncapi.json. Both documents are built here, once; nothing of them runs per request.
 */
export function setupApiDocs(app: NestFastifyApplication): void {
  const openapi = buildOpenApiDocument(app);
  const asyncapi = JSON.stringify(buildAsyncApiDocument(openapi));
  // The document only: the UI is served by serveSwaggerUi (SwaggerModule's UI would mount
  // @fastify/static on the whole swagger-ui-dist directory).
  SwaggerModule.setup(DOCS_PATH, app, openapi, { jsonDocumentUrl: OPENAPI_JSON_PATH, raw: ['json'], ui: false });
  serveSwaggerUi(app, { docsPath: DOCS_PATH, documentPath: OPENAPI_JSON_PATH, title: 'DEX order execution engine: API' });
  app.getHttpAdapter().get(ASYNCAPI_JSON_PATH, (_request, reply) => {
    reply.type('application/json').send(asyncapi);
  });
}
