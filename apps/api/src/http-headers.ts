import { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { HelmetOptions } from 'helmet';

/** Response headers a browser client may read besides the CORS-safelisted ones. */
const EXPOSED_HEADERS = ['Location', 'Idempotent-Replayed', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'];

/** The API answers JSON only, never HTML: its content security policy forbids everything and any framing. */
const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
};

/**
 * The headers helmet sets with these options, computed once. Its middleware would run a dozen
 * functions and `setHeader` calls per response to arrive at the same constant set; on the hot
 * path (every order placed) that was a measurable share of the api's CPU.
 */
export function securityHeaders(options: HelmetOptions = HELMET_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name] = String(value)),
    removeHeader: (name: string) => void delete headers[name],
    getHeader: (name: string) => headers[name],
  };
  let done = false;
  helmet(options)({ headers: {} } as never, response as never, () => (done = true));
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}

/**
 * Headers on every response Fastify sends (error responses included):
 *
 * - helmet's security headers (see `securityHeaders`).
 * - `Cache-Control: no-store`: order data changes with every step, and no answer of this API is
 *   worth keeping in a shared cache. A handler may still set its own.
 * - CORS, only when CORS_ORIGINS is set. Off by default: browsers then refuse cross-origin reads,
 *   and a preflight gets 404. With a list, only those origins get CORS headers; a preflight from
 *   any other origin gets 404 like an unknown route, without CORS headers. `*` allows any origin.
 */
export async function applyResponseHeaders(app: NestFastifyApplication, corsOrigins: string[]): Promise<void> {
  const headers = { ...securityHeaders(), 'Cache-Control': 'no-store' };
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
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
