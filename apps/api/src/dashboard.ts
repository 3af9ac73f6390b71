import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { dirname, join } from 'node:path';

/** Where the page's files are: beside this file, in the sources and (copied by nest-cli's assets) in dist. */
export const DASHBOARD_ROOT = join(__dirname, 'dashboard');

/** The uPlot files the page loads, served from the npm package itself (no CDN, no copy). */
const UPLOT_FILES = new Set(['/uPlot.iife.min.js', '/uPlot.min.css']);

/**
 * The API's own policy forbids everything (it answers JSON only). The dashboard's files get one
 * that lets the page run and nothing more: scripts, styles, images and connections (fetch and
 * WebSocket, which 'self' covers on the same host) from this origin only; no inline script or
 * style, no plugin, no framing, no form posting anywhere.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the dashboard at `/` and uPlot at `/vendor/uplot/`. One route per file (`wildcard:
 * false`): every other path is still the API's 404, and nothing outside the two folders can be
 * reached. Responses keep the API's headers (no-store included, so a new version shows at once)
 * with the dashboard's policy in place of the API's.
 */
export async function serveDashboard(app: NestFastifyApplication): Promise<void> {
  const setHeaders = (reply: FastifyReply) => {
    reply.header('Content-Security-Policy', DASHBOARD_CSP);
  };
  await app.register(fastifyStatic, {
    root: DASHBOARD_ROOT,
    prefix: '/',
    wildcard: false,
    index: 'index.html',
    cacheControl: false,
    setHeaders,
  });
  await app.register(fastifyStatic, {
    root: join(dirname(require.resolve('uplot/package.json')), 'dist'),
    prefix: '/vendor/uplot/',
    wildcard: false,
    decorateReply: false,
    cacheControl: false,
    allowedPath: (path) => UPLOT_FILES.has(path),
    globIgnore: ['**/*.{cjs,esm,d}.*', '**/uPlot.iife.js'],
    setHeaders,
  });
}
