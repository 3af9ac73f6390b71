import { WsAdapter } from '@nestjs/platform-ws';
import * as http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { MessageMappingProperties } from '@nestjs/websockets/gateway-metadata-explorer';
import type { Observable } from 'rxjs';
import type { WebSocket, WebSocketServer } from 'ws';
import { AccountError, attachAccount, AuthenticatedAccount } from '@app/accounts';
import {
  attachUpgradeRoute,
  dependencyFailure,
  routeUpgrade,
  UpgradeAlias,
  UpgradeRoute,
  urlForLog,
} from '@app/common';
import { challengeFor } from './domain-exception.filter';
import { guardRawSocket, refuseUpgrade, UpgradeRefusal } from './upgrade-refusal';
import { guardClient } from './ws-client-guard';
import { ConnectionSlot, WsConnectionLimiter } from './ws-connection-limiter';

type PathServer = WebSocketServer & { path: string };

/** The edge's limits on WebSocket upgrades (MAX_URL_LENGTH, WS_MAX_CONNECTIONS, WS_MAX_CONNECTIONS_PER_ADDRESS). */
export interface WsEdgeLimits {
  maxUrlLength: number;
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /** Other paths gateways are reached on, their parameter in the query. */
  aliases?: readonly UpgradeAlias[];
}

/** Who an upgrade acts for (its `?ticket=` or its key headers); rejects with an AccountError to refuse it. */
export type UpgradeAuthenticator = (url: string, headers: http.IncomingHttpHeaders) => Promise<AuthenticatedAccount>;

/** Seconds a client refused for a connection limit is told to wait (Retry-After). */
export const CONNECTION_LIMIT_RETRY_AFTER_S = 5;

/** The outcome of the admission step: go on holding a connection slot, or refuse. */
export type Admission = { admitted: true } | { admitted: false; refusal: UpgradeRefusal };

/**
 * `@WebSocketGateway({ path })` matches a path exactly and has no parameters, so a gateway at
 * `/ws/orders` would never see `/ws/orders/<orderId>`. This adapter routes an upgrade to the
 * gateway whose path is the URL's path or its parent (one trailing segment, the parameter), and
 * answers anything else with an HTTP error instead of a silently destroyed socket.
 *
 * Every upgrade request goes through one sequence, each step able to refuse it with an HTTP
 * status written on the raw socket:
 *
 *   1. size check   414 when the URL is longer than MAX_URL_LENGTH, before anything parses it
 *   2. route        404 when no gateway serves the path (or an alias of it, e.g.
 *                   `/api/orders/execute?orderId=<id>` for `/ws/orders/<id>`)
 *   3. admission    503 + Retry-After beyond the connection limits; then authentication (a
 *                   `?ticket=` or the key headers): 401 with WWW-Authenticate, or 503 when the
 *                   ticket store or the key table does not answer
 *   4. handshake    `ws` answers a malformed one itself (400, 405), then the gateway has it
 *
 * Once a WebSocket, a client is watched by guardClient (what it may send) and its errors are
 * logged as the client's, not the engine's (bindErrorHandler).
 */
export class OrderRoutingWsAdapter extends WsAdapter {
  private readonly limiter: WsConnectionLimiter;

  constructor(
    appOrHttpServer: ConstructorParameters<typeof WsAdapter>[0],
    private readonly limits: WsEdgeLimits,
    private readonly authenticate: UpgradeAuthenticator,
  ) {
    super(appOrHttpServer);
    this.limiter = new WsConnectionLimiter(limits.maxConnections, limits.maxConnectionsPerAddress);
  }

  /** WebSocket connections (and handshakes under way) this process holds now. */
  get connections(): number {
    return this.limiter.connections;
  }

  protected override ensureHttpServerExists(port: number, httpServer = http.createServer()) {
    if (this.httpServersRegistry.has(port)) return undefined;
    this.httpServersRegistry.set(port, httpServer);
    httpServer.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      // Before anything else: Node removed its own 'error' listener, and an unheard 'error' throws.
      guardRawSocket(socket);
      this.onUpgrade(port, request, socket, head).catch((err: Error) => {
        this.logger.error(`upgrade of ${urlForLog(request.url)} failed: ${err.stack ?? err}`);
        refuseUpgrade(socket, { status: 500, code: 'INTERNAL_ERROR', message: 'internal error' });
      });
    });
    // Node hands CONNECT requests to this event, and destroys their socket unanswered when nobody
    // listens. Nothing here tunnels: answer 405 like any other method the endpoint does not take.
    httpServer.on('connect', (_request: http.IncomingMessage, socket: Duplex) => {
      guardRawSocket(socket);
      refuseUpgrade(socket, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'CONNECT is not served', headers: { Allow: 'GET' } });
    });
    return httpServer;
  }

  private async onUpgrade(port: number, request: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = request.url ?? '/';
    // 1. Size.
    if (url.length > this.limits.maxUrlLength) {
      return refuseUpgrade(socket, {
        status: 414,
        code: 'URI_TOO_LONG',
        message: `the URL is longer than ${this.limits.maxUrlLength} characters`,
      });
    }
    // 2. Route.
    const servers: PathServer[] = this.wsServersRegistry.get(port) ?? [];
    const route = routeUpgrade(url, servers.map((s) => s.path), this.limits.aliases ?? []);
    const server = route && servers.find((s) => s.path === route.path);
    if (!route || !server) {
      return refuseUpgrade(socket, { status: 404, code: 'NOT_FOUND', message: 'no WebSocket endpoint at this path' });
    }
    // 3. Admission.
    const admission = await this.admit(request, socket, route);
    if (!admission.admitted) return refuseUpgrade(socket, admission.refusal);
    if (socket.destroyed) return; // the client left meanwhile; its slot went with the socket
    // 4. Handshake: ws answers a bad one itself and calls back only once the socket is a WebSocket.
    attachUpgradeRoute(request, route);
    server.handleUpgrade(request, socket, head, (ws) => {
      guardClient(ws, socket);
      server.emit('connection', ws, request);
    });
  }

  /**
   * Nest's adapter parses every client message as JSON to find a handler. Gateways without
   * message handlers (the order stream has none) skip that: their clients' messages are ignored
   * unread, text or binary, JSON or not (CLIENT_LIMITS bounds how many).
   */
  override bindMessageHandlers(client: WebSocket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    if (handlers.length > 0) super.bindMessageHandlers(client, handlers, transform);
  }

  /**
   * A client's 'error' event is what `ws` reports before it closes a socket for the client's own
   * fault (a frame over maxPayload: 1009, invalid UTF-8: 1007, a protocol violation: 1002, too many
   * fragments: 1008) or a network error. None is the engine's failure: it is logged at debug, one
   * line without a stack, instead of Nest's error-level stack trace. A listener must stay: an
   * 'error' event nobody listens to throws.
   */
  override bindErrorHandler(server: WebSocketServer): WebSocketServer {
    server.on('connection', (ws: WebSocket, request?: http.IncomingMessage) =>
      ws.on('error', (err: Error & { code?: string }) =>
        this.logger.debug(`client of ${urlForLog(request?.url)} dropped: ${err.message}${err.code ? ` (${err.code})` : ''}`),
      ),
    );
    server.on('error', (err: Error) => this.logger.error(err.stack ?? err.message));
    return server;
  }

  /**
   * Whether this upgrade may go on: within the connection limits (the cheap check first), and as
   * an account, which is attached to the request for the gateway. When it may, the connection
   * holds a slot until its raw socket closes.
   */
  protected async admit(request: http.IncomingMessage, socket: Duplex, _route: UpgradeRoute): Promise<Admission> {
    const slot = this.limiter.acquire((socket as Partial<Socket>).remoteAddress);
    if (typeof slot === 'string') {
      const which = slot === 'total' ? `${this.limits.maxConnections} WebSocket connections` : `${this.limits.maxConnectionsPerAddress} WebSocket connections from one address`;
      return {
        admitted: false,
        refusal: {
          status: 503,
          code: 'TOO_MANY_CONNECTIONS',
          message: `this server holds its maximum of ${which}; retry later`,
          headers: { 'Retry-After': String(CONNECTION_LIMIT_RETRY_AFTER_S) },
        },
      };
    }
    releaseWhenClosed(socket, slot);
    try {
      attachAccount(request, await this.authenticate(request.url ?? '/', request.headers));
    } catch (err) {
      if (err instanceof AccountError) {
        return { admitted: false, refusal: { status: err.status, code: err.code, message: err.message, headers: challengeFor(err) } };
      }
      // Postgres (the key look-up) or Redis (a ticket) unavailable: 503 to retry, as over HTTP.
      const failure = dependencyFailure(err);
      if (failure) {
        const headers = { 'Retry-After': String(failure.retryAfterS) };
        return { admitted: false, refusal: { status: 503, code: failure.code, message: failure.message, headers } };
      }
      throw err;
    }
    return { admitted: true };
  }
}

/** Frees the slot when the raw socket closes, for whatever reason: a refused handshake, either side closing, a reset. */
function releaseWhenClosed(socket: Duplex, slot: ConnectionSlot): void {
  if (socket.destroyed) slot.release();
  else socket.once('close', slot.release);
}

