import { WsAdapter } from '@nestjs/platform-ws';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { attachUpgradeRoute, matchUpgradePath } from '@app/common';
import { guardRawSocket, refuseUpgrade } from './upgrade-refusal';

type PathServer = WebSocketServer & { path: string };

/** The edge's limits on upgrade requests (MAX_URL_LENGTH, …). */
export interface WsEdgeLimits {
  maxUrlLength: number;
}

/**
 * `@WebSocketGateway({ path })` matches a path exactly and has no parameters, so a gateway at
 * `/ws/orders` would never see `/ws/orders/<orderId>`. This adapter routes an upgrade to the
 * gateway whose path is the URL's path or its parent (one trailing segment, the parameter), and
 * answers anything else with an HTTP error instead of a silently destroyed socket.
 *
 * An upgrade request goes through one sequence, each step able to refuse it with an HTTP status:
 * size check (414) → route (404) → the WebSocket handshake (`ws`: 400, 405).
 */
export class OrderRoutingWsAdapter extends WsAdapter {
  constructor(
    appOrHttpServer: ConstructorParameters<typeof WsAdapter>[0],
    private readonly limits: WsEdgeLimits,
  ) {
    super(appOrHttpServer);
  }

  protected override ensureHttpServerExists(port: number, httpServer = http.createServer()) {
    if (this.httpServersRegistry.has(port)) return undefined;
    this.httpServersRegistry.set(port, httpServer);
    httpServer.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(port, request, socket, head),
    );
    return httpServer;
  }

  private onUpgrade(port: number, request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    guardRawSocket(socket);
    const url = request.url ?? '/';
    // 1. Size, before anything reads the URL.
    if (url.length > this.limits.maxUrlLength) {
      return refuseUpgrade(socket, { status: 414, code: 'URI_TOO_LONG', message: `the URL is longer than ${this.limits.maxUrlLength} characters` });
    }
    // 2. Route.
    const servers: PathServer[] = this.wsServersRegistry.get(port) ?? [];
    const route = matchUpgradePath(url, servers.map((s) => s.path));
    const server = route && servers.find((s) => s.path === route.path);
    if (!route || !server) {
      return refuseUpgrade(socket, { status: 404, code: 'NOT_FOUND', message: 'no WebSocket endpoint at this path' });
    }
    attachUpgradeRoute(request, route);
    // 3. The handshake: ws answers a bad one itself (400, 405) and calls back only on success.
    server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
  }
}
