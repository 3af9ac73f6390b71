import helmet from '@fastify/helmet';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Response headers a browser client may read besides the CORS-safelisted ones. */
const EXPOSED_HEADERS = ['Location', 'Idempotent-Replayed', 'Retry-After'];

/**
 * Headers on every response Fastify sends (error responses included):
 *
 * - helmet's security headers. The API answers JSON only, never HTML, so its content security
 *   policy forbids everything (`default-src 'none'`) and any framing.
 * - `Cache-Control: no-store`: order data changes with every step, and no answer of this API is
 *   worth keeping in a shared cache. A handler may still set its own.
 * - CORS, only when CORS_ORIGINS is set. Off by default: browsers then refuse cross-origin reads,
 *   and a preflight gets 404. With a list, only those origins get CORS headers; a preflight from
 *   any other origin gets 404 like an unknown route, without CORS headers. `*` allows any origin.
 */
export async function applyResponseHeaders(app: NestFastifyApplication, corsOrigins: string[]): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      reply.header('Cache-Control', 'no-store');
      done();
    });
  if (corsOrigins.length === 0) return;
  const anyOrigin = corsOrigins.includes('*');
  // A browser's Origin never ends in a slash; a configured one might.
  const allowed = new Set(corsOrigins.map((o) => o.replace(/\/+$/, '')));
  app.enableCors({
    origin: anyOrigin ? '*' : (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ['GET', 'HEAD', 'POST'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    // An OPTIONS request without Access-Control-Request-Method is still answered as a preflight
    // (the strict mode would answer it 400 in plain text, not in the API's error body).
    strictPreflight: false,
  });
}
