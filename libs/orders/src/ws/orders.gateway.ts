import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { accountOf } from '@app/accounts';
import { dependencyFailure, upgradeRouteOf, urlForLog } from '@app/common';
import { appConfig, AppConfig } from '@app/config';
import { OrderErrorCode } from '../domain/order-errors';
import { isOrderId } from '../domain/order-id';
import { OrderEventsSubscriber } from '../events/order-events.subscriber';
import { OrdersService } from '../orders.service';
import { OrderStream, WS_CLOSE, WS_MAX_BUFFERED_BYTES } from './order-stream';

/** The path prefix; the API's WebSocket adapter routes /ws/orders/<orderId> here. */
export const ORDER_WS_PATH = '/ws/orders';

interface Session {
  orderId: string;
  stream?: OrderStream;
  /** Whether the client answered the last ping (with its payload: unsolicited pongs do not count). */
  alive: boolean;
  ping?: Buffer;
  release?: () => Promise<void>;
}

/**
 * WS /ws/orders/:orderId — replays the order's stored events, then forwards live ones until the
 * terminal event, then closes. A heartbeat pings every socket, drops those that stopped answering
 * and lets each stream catch up from Postgres in case a Redis publish was lost.
 *
 * Nest calls handleConnection and handleDisconnect without awaiting them, and the heartbeat runs
 * on a timer: none of them may let an error escape (a rejection nobody handles ends the process).
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

  async handleConnection(socket: WebSocket, request: IncomingMessage): Promise<void> {
    try {
      await this.open(socket, request);
    } catch (err) {
      if (!this.closeIfUnavailable(socket, err)) {
        this.logger.error(`WebSocket ${urlForLog(request.url)} failed: ${(err as Error).stack ?? err}`);
        if (socket.readyState === socket.OPEN) socket.close(1011, 'internal error');
      }
      await this.release(socket);
    }
  }

  async handleDisconnect(socket: WebSocket): Promise<void> {
    await this.release(socket);
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  private async open(socket: WebSocket, request: IncomingMessage): Promise<void> {
    // The API's upgrade router attached the route (and decoded the id) when it routed the request here.
    const route = upgradeRouteOf(request);
    if (!route) throw new Error('the upgrade came without a route: the app must use the routing WebSocket adapter');
    const id = route.param;
    if (id === undefined || !isOrderId(id)) {
      return this.refuse(socket, WS_CLOSE.badRequest, OrderErrorCode.INVALID_ORDER_ID, 'the order id must be a UUID', id ?? route.rawParam);
    }
    // A UUID in capitals is the same order: stored ids, and their event channels, are lower case.
    const orderId = id.toLowerCase();
    const account = accountOf(request);
    if (!account) throw new Error('the upgrade came without an account: the app must use the routing WebSocket adapter');
    await this.serve(socket, account.id, orderId);
  }

  private async serve(socket: WebSocket, accountId: string, orderId: string): Promise<void> {
    // Another account's order is refused exactly like an order that does not exist.
    if (!(await this.orders.isOwnedBy(accountId, orderId))) {
      return this.refuse(socket, WS_CLOSE.notFound, OrderErrorCode.ORDER_NOT_FOUND, `order ${orderId} not found`, orderId);
    }
    const session: Session = { orderId, alive: true };
    this.sessions.set(socket, session);
    socket.on('pong', (data: Buffer) => {
      if (session.ping?.equals(data)) session.alive = true;
    });
    const stream = new OrderStream(
      socket,
      (after) => this.orders.events(orderId, after),
      (err) => this.logger.warn(`catch-up of order ${orderId} failed: ${err.message}`),
    );
    session.stream = stream;
    try {
      session.release = await this.subscriber.subscribe(orderId, (event) => stream.onLive(event));
      if (!(await stream.replay())) {
        this.refuse(socket, WS_CLOSE.notFound, OrderErrorCode.ORDER_NOT_FOUND, `order ${orderId} not found`, orderId);
      }
    } catch (err) {
      if (!this.closeIfUnavailable(socket, err, orderId)) {
        this.logger.error(`stream of order ${orderId} failed: ${(err as Error).message}`);
        if (socket.readyState === socket.OPEN) socket.close(1011, 'internal error');
      }
    }
    // The client may have left (or been refused) while we subscribed: release is idempotent.
    if (socket.readyState !== socket.OPEN) await this.release(socket);
  }

  /**
   * When Postgres or Redis is unavailable (not a bug): tells the client so, with the code and the
   * wait an HTTP client would get in its 503, and closes with 1013 (try again later). False for
   * any other error.
   */
  private closeIfUnavailable(socket: WebSocket, err: unknown, orderId?: string): boolean {
    const failure = dependencyFailure(err);
    if (!failure) return false;
    this.logger.warn(`WebSocket of order ${orderId ?? '?'} refused: ${failure.message}`);
    if (socket.readyState === socket.OPEN) {
      const { code, dependency, retryAfterS, message } = failure;
      const body = { ...(orderId && { orderId }), error: message, code, dependency, retryAfter: retryAfterS };
      socket.send(JSON.stringify(body));
      socket.close(WS_CLOSE.unavailable, `${dependency} unavailable`);
    }
    return true;
  }

  private refuse(socket: WebSocket, code: number, errorCode: OrderErrorCode, message: string, orderId: string): void {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify({ orderId, error: message, code: errorCode }));
    socket.close(code, message.slice(0, 120));
  }

  /** Forgets the socket and ends its subscription; never rejects. */
  private async release(socket: WebSocket): Promise<void> {
    const session = this.sessions.get(socket);
    if (!session) return;
    this.sessions.delete(socket);
    try {
      await session.release?.();
    } catch (err) {
      this.logger.warn(`releasing the subscription of order ${session.orderId} failed: ${(err as Error).message}`);
    }
  }

  /**
   * Drops the open sockets that did not answer the last ping, and the ones that do not read (over
   * 1 MiB unsent: another ping would only add to it), then pings the rest with a fresh payload
   * and lets their streams catch up. Closing sockets are left to their close timeout.
   */
  private beat(): void {
    const ping = randomBytes(8);
    for (const [socket, session] of this.sessions) {
      this.beatOne(socket, session, ping);
    }
  }

  private beatOne(socket: WebSocket, session: Session, ping: Buffer): void {
    try {
      if (socket.readyState !== socket.OPEN) return;
      if (!session.alive) {
        socket.terminate();
        void this.release(socket);
        return;
      }
      if (socket.bufferedAmount > WS_MAX_BUFFERED_BYTES) {
        socket.close(WS_CLOSE.tooSlow, 'client too slow');
        return;
      }
      session.alive = false;
      session.ping = ping;
      socket.ping(ping);
      void session.stream?.catchUp();
    } catch (err) {
      this.logger.error(`heartbeat of order ${session.orderId} failed: ${(err as Error).stack ?? err}`);
    }
  }
}

