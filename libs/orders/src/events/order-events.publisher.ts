import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { MicroBatcher, OverloadedError, withTimeout } from '@app/common';
import { edgeConfig, EdgeConfig, redisConfig, RedisConfig } from '@app/config';
import { OrderEventMessage } from '../domain/order-view';
import { ORDER_EVENTS_REDIS, orderChannel } from './order-events.tokens';

/**
 * Publishes committed events on Redis, the fast path to WebSocket clients in any API process.
 * A failed publish loses nothing: the event is already in Postgres, and the gateway catches up
 * from there on its next heartbeat or on reconnect. Events published at the same time (the steps
 * of one grouped statement) go out in one pipeline, in the order given.
 */
/**
 * How long a publish may wait for Redis. A hung Redis (a partition, a paused process) would hold
 * the step that published, and with it the order's execution, for as long as it hangs; the event
 * is stored already, so the publish is given up and the worker goes on.
 */
const PUBLISH_TIMEOUT_MS = 1000;

@Injectable()
export class OrderEventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(OrderEventsPublisher.name);
  private readonly publishes: MicroBatcher<OrderEventMessage, void>;

  constructor(
    @Inject(ORDER_EVENTS_REDIS) private readonly redis: Redis,
    @Inject(redisConfig.KEY) private readonly cfg: RedisConfig,
    @Inject(edgeConfig.KEY) edge: EdgeConfig,
  ) {
    this.publishes = new MicroBatcher((batch) => this.publishGroup(batch), {
      maxBatch: 500,
      maxInFlight: 4,
      gather: 'tick',
      maxWaiting: edge.groupQueueLimit,
      name: 'event publishes',
    });
  }

  /**
   * Resolves once Redis answered (or the publish failed and was logged); never rejects. A publish
   * refused because too many wait is dropped like a failed one: the event is stored already.
   */
  publish(message: OrderEventMessage): Promise<void> {
    return this.publishes.add(message).catch((err: unknown) => {
      if (!(err instanceof OverloadedError)) throw err;
      this.logger.warn(`publish of ${message.orderId}#${message.seq} dropped: ${err.message}`);
    });
  }

  /** Closed last (shutdown, not destroy): the worker may still publish while it drains. */
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private async publishGroup(messages: OrderEventMessage[]): Promise<void[]> {
    const done = messages.map(() => undefined);
    try {
      await withTimeout(this.send(messages), PUBLISH_TIMEOUT_MS, 'publish', 'redis');
    } catch (err) {
      const what = messages.length === 1 ? `${messages[0].orderId}#${messages[0].seq}` : `${messages.length} events`;
      this.logger.warn(`publish of ${what} failed: ${(err as Error).message}`);
    }
    return done;
  }

  private async send(messages: OrderEventMessage[]): Promise<void> {
    if (messages.length === 1) {
      const [m] = messages;
      await this.redis.publish(orderChannel(this.cfg.prefix, m.orderId), JSON.stringify(m));
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const m of messages) pipeline.publish(orderChannel(this.cfg.prefix, m.orderId), JSON.stringify(m));
    const failed = ((await pipeline.exec()) ?? []).filter(([err]) => err).length;
    if (failed > 0) this.logger.warn(`publish of ${failed} of ${messages.length} events failed`);
  }
}
