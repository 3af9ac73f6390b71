import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { redisConfig, RedisConfig } from '@app/config';
import { OrderEventMessage } from '../domain/order-view';
import { ORDER_EVENTS_REDIS, orderChannel } from './order-events.tokens';

/**
 * Publishes a committed event on Redis, the fast path to WebSocket clients in any API process.
 * A failed publish loses nothing: the event is already in Postgres, and the gateway catches up
 * from there on its next heartbeat or on reconnect.
 */
@Injectable()
export class OrderEventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(OrderEventsPublisher.name);

  constructor(
    @Inject(ORDER_EVENTS_REDIS) private readonly redis: Redis,
    @Inject(redisConfig.KEY) private readonly cfg: RedisConfig,
  ) {}

  async publish(message: OrderEventMessage): Promise<void> {
    try {
      await this.redis.publish(orderChannel(this.cfg.prefix, message.orderId), JSON.stringify(message));
    } catch (err) {
      this.logger.warn(`publish of ${message.orderId}#${message.seq} failed: ${(err as Error).message}`);
    }
  }

  /** Publishes several events in one round trip (a pipeline), in the order given. */
  async publishAll(messages: OrderEventMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (messages.length === 1) return this.publish(messages[0]);
    const pipeline = this.redis.pipeline();
    for (const m of messages) pipeline.publish(orderChannel(this.cfg.prefix, m.orderId), JSON.stringify(m));
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.filter(([err]) => err).length;
      if (failed > 0) this.logger.warn(`publish of ${failed} of ${messages.length} events failed`);
    } catch (err) {
      this.logger.warn(`publish of ${messages.length} events failed: ${(err as Error).message}`);
    }
  }

  /** Closed last (shutdown, not destroy): the worker may still publish while it drains. */
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
