import { createServer, IncomingMessage, Server, ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyServerFactory } from 'fastify';

/** The edge's limits and timeouts (the `edge` settings), in what the HTTP server needs. */
export interface HttpEdgeLimits {
  maxUrlLength: number;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/** Error codes the server itself answers with, before Fastify sees a request. */
export const EdgeErrorCode = {
  URI_TOO_LONG: 'URI_TOO_LONG',
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  HEADERS_TOO_LARGE: 'HEADERS_TOO_LARGE',
  BAD_REQUEST: 'BAD_REQUEST',
} as const;

function errorBody(statusCode: number, code: string, message: string): string {
  return JSON.stringify({ statusCode, code, message });
}

/**
 * The HTTP server Fastify runs on (its `serverFactory`), so that the URL length is the first thing
 * checked: a request whose URL is longer than `maxUrlLength` gets 414 before Fastify parses its
 * query string or routes it, and the connection is closed (its body is never read).
 *
 * Only the 'request' event is wrapped. WebSocket upgrades ('upgrade', which the WebSocket adapter
 * listens to on this same server) are not touched here.
 *
 * Fastify applies its timeout options only to servers it creates itself, so they are set here:
 * - `requestTimeout`: the longest a client may take to send a whole request, headers and body;
 *   past it the client gets 408 and the connection is closed. Headers have the same bound
 *   (`headersTimeout`), so one dribbled byte at a time cannot hold a connection either.
 * - `connectionTimeout` (the socket's idle timeout): a socket with no traffic for this long is
 *   destroyed.
 * - `keepAliveTimeout`: how long a kept-alive connection may wait for its next request.
 * Node checks the request and header deadlines every `connectionsCheckingInterval` (30 s by
 * default, which would let a request run up to twice its limit): here a quarter of the limit,
 * at most a second.
 */
export function edgeServerFactory(limits: HttpEdgeLimits): FastifyServerFactory {
  return (handler) => {
    const server: Server = createServer(
      {
        requestTimeout: limits.requestTimeoutMs,
        headersTimeout: limits.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        connectionsCheckingInterval: Math.min(1000, Math.ceil(limits.requestTimeoutMs / 4)),
      },
      (req: IncomingMessage, res: ServerResponse) => {
        if ((req.url ?? '').length > limits.maxUrlLength) {
          refuseLongUrl(res, limits.maxUrlLength);
          return;
        }
        handler(req, res);
      },
    );
    server.setTimeout(limits.connectionTimeoutMs);
    return server;
  };
}

function refuseLongUrl(res: ServerResponse, maxUrlLength: number): void {
  const body = errorBody(414, EdgeErrorCode.URI_TOO_LONG, `the URL is longer than ${maxUrlLength} characters`);
  res.writeHead(414, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    // The request's body is not read: end the connection rather than drain it.
    connection: 'close',
  });
  res.end(body);
}

/**
 * Fastify's `clientErrorHandler`: what the HTTP parser refuses before a request exists (a timeout,
 * headers over Node's 16 KiB, malformed HTTP) gets the engine's error body, with a code, and the
 * connection is closed.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, EdgeErrorCode.REQUEST_TIMEOUT, 'the request was not received in time']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, EdgeErrorCode.HEADERS_TOO_LARGE, 'the request headers are too large']
        : [400, EdgeErrorCode.BAD_REQUEST, 'malformed HTTP request'];
  const body = errorBody(status, code, message);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
