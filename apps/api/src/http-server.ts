import { createServer, IncomingMessage, Server, ServerResponse, STATUS_CODES } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyServerFactory } from 'fastify';
import { REQUEST_ID_HEADER, requestIdFrom } from '@app/observability';

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
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  EXPECTATION_FAILED: 'EXPECTATION_FAILED',
} as const;

function errorBody(statusCode: number, code: string, message: string): string {
  return JSON.stringify({ statusCode, code, message });
}

/** Headers that must appear at most once: a second one could be read differently by a proxy. */
const SINGLE_HEADERS = ['content-type', 'host'];

/**
 * Why a request is refused before Fastify sees it, or undefined. Checked on the raw request, in
 * this order: the URL's length, then headers that make the request ambiguous or unreadable.
 */
function refusal(req: IncomingMessage, maxUrlLength: number): [number, string, string] | undefined {
  if ((req.url ?? '').length > maxUrlLength) {
    return [414, EdgeErrorCode.URI_TOO_LONG, `the URL is longer than ${maxUrlLength} characters`];
  }
  const counts = new Map<string, number>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    if (SINGLE_HEADERS.includes(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const [name, count] of counts) {
    if (count > 1) return [400, EdgeErrorCode.BAD_REQUEST, `the request has ${count} ${name} headers`];
  }
  if (req.httpVersion === '1.1' && req.headers.host === undefined) {
    return [400, EdgeErrorCode.BAD_REQUEST, 'the request has no host header'];
  }
  const coding = req.headers['content-encoding'];
  if (coding !== undefined && coding.trim().toLowerCase() !== 'identity') {
    // Fastify would read a compressed body as if it were plain.
    return [415, EdgeErrorCode.UNSUPPORTED_MEDIA_TYPE, 'request bodies must not be content-encoded'];
  }
  return undefined;
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
        // Checked in `refusal`, so that the answer has the API's error body.
        requireHostHeader: false,
      },
      (req: IncomingMessage, res: ServerResponse) => {
        const refused = refusal(req, limits.maxUrlLength);
        if (refused) refuse(res, requestIdFrom(req.headers[REQUEST_ID_HEADER]), ...refused);
        else handler(req, res);
      },
    );
    server.setTimeout(limits.connectionTimeoutMs);
    // Without these listeners Node would close a CONNECT request's socket without an answer, and
    // answer an unknown Expect with an empty 417.
    server.on('connect', (_req: IncomingMessage, socket: Socket) => {
      refuseOnSocket(socket, 405, EdgeErrorCode.METHOD_NOT_ALLOWED, 'CONNECT is not served');
    });
    server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
      const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
      refuse(res, requestId, 417, EdgeErrorCode.EXPECTATION_FAILED, 'the only expectation served is 100-continue');
    });
    return server;
  };
}

function refuse(res: ServerResponse, requestId: string, status: number, code: string, message: string): void {
  const body = errorBody(status, code, message);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    [REQUEST_ID_HEADER]: requestId,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    // The request's body is not read: end the connection rather than drain it.
    connection: 'close',
  });
  res.end(body);
}

/** An answer written on the socket itself, for what never becomes a request Fastify handles. */
function refuseOnSocket(socket: Socket, status: number, code: string, message: string): void {
  const body = errorBody(status, code, message);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Request-Id: ${randomUUID()}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Fastify's `clientErrorHandler`: what the HTTP parser refuses before a request exists (a timeout,
 * headers over Node's 16 KiB, malformed HTTP) gets the engine's error body, with a code, and the
 * connection is closed.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // A response already under way on this socket must not be followed by a second one.
  if ((socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, EdgeErrorCode.REQUEST_TIMEOUT, 'the request was not received in time']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, EdgeErrorCode.HEADERS_TOO_LARGE, 'the request headers are too large']
        : [400, EdgeErrorCode.BAD_REQUEST, 'malformed HTTP request'];
  refuseOnSocket(socket, status, code, message);
}

/**
 * Fastify's `frameworkErrors`: the errors Fastify answers itself before routing (a URL that does
 * not decode, a path parameter longer than Fastify's 100 characters) get the engine's error body.
 */
export function frameworkErrors(error: Error & { code?: string }, _request: unknown, reply: FastifyReply): void {
  const [status, code, message]: [number, string, string] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [414, EdgeErrorCode.URI_TOO_LONG, 'a path segment of the URL is too long']
      : error.code === 'FST_ERR_BAD_URL'
        ? [400, EdgeErrorCode.BAD_REQUEST, 'the URL is not validly percent-encoded']
        : [500, 'INTERNAL_ERROR', 'internal error'];
  void reply.code(status).header('cache-control', 'no-store').send({ statusCode: status, code, message });
}
