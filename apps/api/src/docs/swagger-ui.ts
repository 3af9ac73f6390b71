import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Swagger UI's files, from the swagger-ui-dist that @nestjs/swagger installs (resolved from its
 * own directory, so it is the copy it was built with). Served by explicit routes rather than
 * SwaggerModule's @fastify/static mount: these few files are all the page needs, nothing else of
 * that directory is exposed, and @fastify/static 10 pulls in an ESM-only module (content-disposition
 * 3) that jest cannot load, so the e2e tests could not build the app.
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

/**
 * The API forbids every source (helmet's `default-src 'none'`: it answers JSON only). Swagger UI is
 * a page: its scripts, styles and images come from this server (no CDN); it sets inline styles and
 * data: images (its icons), and fetches nothing but this origin. Set by these routes' handlers,
 * after the API's headers, so that no other request pays for it.
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

export interface SwaggerUiOptions {
  docsPath: string;
  /** The OpenAPI document the page shows. */
  documentPath: string;
  title: string;
}

/** Serves Swagger UI at `docsPath` on the OpenAPI document at `documentPath`. */
export function serveSwaggerUi(app: NestFastifyApplication, { docsPath, documentPath, title }: SwaggerUiOptions): void {
  const http = app.getHttpAdapter();
  const serve = (path: string, type: string, body: () => unknown) =>
    http.get(path, (_request, reply) => reply.header('Content-Security-Policy', DOCS_CSP).type(type).send(body()));
  const html = page(docsPath, documentPath, title);
  serve(docsPath, 'text/html; charset=utf-8', () => html);
  serve(`${docsPath}/swagger-ui-init.js`, 'application/javascript; charset=utf-8', () => INIT);
  const dist = swaggerUiDist();
  for (const [file, type] of Object.entries(ASSETS)) serve(`${docsPath}/${file}`, type, () => createReadStream(join(dist, file)));
}
