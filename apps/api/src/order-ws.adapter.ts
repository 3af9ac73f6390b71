import { WsAdapter } from '@nestjs/platform-ws';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';

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
      const server = this.route(port, request.url ?? '/');
      if (!server) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
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
