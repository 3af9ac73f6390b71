import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Swagger UI's files, from the swagger-ui-dist that @nestjs/swagger installs (resolved from its
 * own directory, so it is the copy it was built with). Served by explicit routes rather than
 * SwaggerModule's @fastify/static mount: these few files are all the page needs, and nothing
 * else from that directory is exposed.
 */
const ASSETS: Record<string, string> = {
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

function swaggerUiDist(): string {
  const swagger = dirname(require.resolve('@nestjs/swagger'));
  return dirname(require.resolve('swagger-ui-dist/absolute-path.js', { paths: [swagger] }));
}

/** The page: no inline script, so that the policy it is served with allows scripts from this server only. */
function page(docsPath: string, documentPath: string, title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title}</title>
  <link rel="stylesheet" href="${docsPath}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${docsPath}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui" data-url="${documentPath}"></div>
  <script src="${docsPath}/swagger-ui-bundle.js"></script>
  <script src="${docsPath}/swagger-ui-init.js"></script>
</body>
</html>
`;
}

/** Starts Swagger UI on the document named by the page (data-url); "Try it out" calls this server. */
const INIT = `window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({ url: root.dataset.url, domNode: root, deepLinking: true, presets: [SwaggerUIBundle.presets.apis] });
});
`;

/** Serves Swagger UI at `docsPath` on the OpenAPI document at `documentPath`. */
export function serveSwaggerUi(app: NestFastifyApplication, docsPath: string, documentPath: string, title: string): void {
  const http = app.getHttpAdapter();
  const html = page(docsPath, documentPath, title);
  http.get(docsPath, (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  http.get(`${docsPath}/swagger-ui-init.js`, (_request, reply) => reply.type('application/javascript; charset=utf-8').send(INIT));
  const dist = swaggerUiDist();
  for (const [file, type] of Object.entries(ASSETS)) {
    http.get(`${docsPath}/${file}`, (_request, reply) => reply.type(type).send(createReadStream(join(dist, file))));
  }
}
