import { WsAdapter } from '@nestjs/platform-ws';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { guardRawSocket, refuseUpgrade } from './upgrade-refusal';

type PathServer = WebSocketServer & { path: string };

/**
 * `@WebSocketGateway({ path })` matches a path exactly and has no parameters, so a gateway at
 * `/ws/orders` would never see `/ws/orders/<orderId>`. This adapter routes an upgrade to the
 * gateway whose path is the URL's path or its parent (one trailing segment, the parameter), and
 * answers anything else with 404 instead of a silently destroyed socket.
 */
export class OrderRoutingWsAdapter extends WsAdapter {
  protected override ensureHttpServerExists(port: number, httpServer = http.createServer()) {
    if (this.httpServersRegistry.has(port)) return undefined;
    this.httpServersRegistry.set(port, httpServer);
    httpServer.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      guardRawSocket(socket);
      const server = this.route(port, request.url ?? '/');
      if (!server) {
        refuseUpgrade(socket, { status: 404, code: 'NOT_FOUND', message: 'no WebSocket endpoint at this path' });
        return;
      }
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    });
    return httpServer;
  }

  private route(port: number, url: string): PathServer | undefined {
    let pathname: string;
    try {
      pathname = new URL(url, 'ws://localhost').pathname.replace(/\/+$/, '');
    } catch {
      return undefined;
    }
    const servers: PathServer[] = this.wsServersRegistry.get(port) ?? [];
    return servers.find((s) => {
      if (pathname === s.path) return true;
      const rest = pathname.startsWith(`${s.path}/`) ? pathname.slice(s.path.length + 1) : '';
      return rest.length > 0 && !rest.includes('/');
    });
  }
}
