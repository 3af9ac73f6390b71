import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { upgradeRouteOf } from '@app/common';
import { appConfig, AppConfig } from '@app/config';
import { OrderErrorCode } from '../domain/order-errors';
import { isOrderId } from '../domain/order-id';
import { OrderEventsSubscriber } from '../events/order-events.subscriber';
import { OrdersService } from '../orders.service';
import { OrderStream, WS_CLOSE } from './order-stream';

/** The path prefix; the API's WebSocket adapter routes /ws/orders/<orderId> here. */
export const ORDER_WS_PATH = '/ws/orders';

interface Session {
  stream?: OrderStream;
  alive: boolean;
  release?: () => Promise<void>;
}

/**
 * WS /ws/orders/:orderId — replays the order's stored events, then forwards live ones until the
 * terminal event, then closes. A heartbeat pings every socket, drops those that stopped answering
 * and lets each stream catch up from Postgres in case a Redis publish was lost.
 */
@WebSocketGateway({
  path: ORDER_WS_PATH,
  // Clients have nothing to send: a message over 4 KiB closes with 1009, one in over 64 fragments with 1008.
  maxPayload: 4096,
  maxFragments: 64,
  // A closing socket whose client does not finish the close handshake is cut after 5 s (ws: 30 s).
  closeTimeout: 5000,
})
export class OrdersGateway implements OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(OrdersGateway.name);
  private readonly sessions = new Map<WebSocket, Session>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly orders: OrdersService,
    private readonly subscriber: OrderEventsSubscriber,
    @Inject(appConfig.KEY) cfg: AppConfig,
  ) {
    this.heartbeat = setInterval(() => this.beat(), cfg.wsHeartbeatMs);
    this.heartbeat.unref();
  }

  /** Nest does not await this: nothing may escape it as a rejection, which would be unhandled. */
  async handleConnection(socket: WebSocket, request: IncomingMessage): Promise<void> {
    try {
      await this.open(socket, request);
    } catch (err) {
      this.logger.error(`WebSocket ${request.url?.slice(0, 200)} failed: ${(err as Error).stack ?? err}`);
      if (socket.readyState === socket.OPEN) socket.close(1011, 'internal error');
      await this.release(socket).catch(() => undefined);
    }
  }

  private async open(socket: WebSocket, request: IncomingMessage): Promise<void> {
    // The API's upgrade router attached the route (and decoded the id) when it routed the request here.
    const route = upgradeRouteOf(request);
    if (!route) throw new Error('the upgrade came without a route: the app must use the routing WebSocket adapter');
    const orderId = route.param;
    if (orderId === undefined || !isOrderId(orderId)) {
      return this.refuse(socket, WS_CLOSE.badRequest, OrderErrorCode.INVALID_ORDER_ID, 'the order id must be a UUID', orderId ?? route.rawParam);
    }
    const session: Session = { alive: true };
    this.sessions.set(socket, session);
    socket.on('pong', () => (session.alive = true));
    const stream = new OrderStream(socket, (after) => this.orders.events(orderId, after));
    session.stream = stream;
    try {
      session.release = await this.subscriber.subscribe(orderId, (event) => stream.onLive(event));
      if (!(await stream.replay())) {
        this.refuse(socket, WS_CLOSE.notFound, OrderErrorCode.ORDER_NOT_FOUND, `order ${orderId} not found`, orderId);
      }
    } catch (err) {
      this.logger.error(`stream of ${orderId} failed: ${(err as Error).message}`);
      socket.close(1011, 'internal error');
    }
    // The client may have left (or been refused) while we subscribed: release is idempotent.
    if (socket.readyState !== socket.OPEN) {
      this.sessions.delete(socket);
      await session.release?.();
    }
  }

  async handleDisconnect(socket: WebSocket): Promise<void> {
    await this.release(socket);
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  private refuse(socket: WebSocket, code: number, errorCode: OrderErrorCode, message: string, orderId: string): void {
    socket.send(JSON.stringify({ orderId, error: message, code: errorCode }));
    socket.close(code, message.slice(0, 120));
  }

  private async release(socket: WebSocket): Promise<void> {
    const session = this.sessions.get(socket);
    if (!session) return;
    this.sessions.delete(socket);
    await session.release?.();
  }

  private beat(): void {
    for (const [socket, session] of this.sessions) {
      if (!session.alive) {
        socket.terminate();
        void this.release(socket);
        continue;
      }
      session.alive = false;
      socket.ping();
      void session.stream?.catchUp().catch(() => undefined);
    }
  }
}

