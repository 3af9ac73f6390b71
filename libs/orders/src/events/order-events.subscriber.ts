import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { redisConfig, RedisConfig } from '@app/config';
import { OrderEventMessage } from '../domain/order-view';
import { orderChannel } from './order-events.tokens';

export type OrderEventListener = (message: OrderEventMessage) => void;

/**
 * One Redis subscriber connection per API process, shared by all its sockets: a channel is
 * subscribed while at least one local listener wants that order, and released with the last one.
 * The connection opens on first use, so processes without WebSocket clients never hold one.
 */
@Injectable()
export class OrderEventsSubscriber implements OnModuleDestroy {
  private readonly logger = new Logger(OrderEventsSubscriber.name);
  private readonly listeners = new Map<string, Set<OrderEventListener>>();
  private connection?: Redis;

  constructor(@Inject(redisConfig.KEY) private readonly cfg: RedisConfig) {}

  /** Resolves once Redis confirmed the subscription; returns the function that ends it. */
  async subscribe(orderId: string, listener: OrderEventListener): Promise<() => Promise<void>> {
    const channel = orderChannel(this.cfg.prefix, orderId);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    if (set.size === 1) await this.redis().subscribe(channel);
    return async () => {
      const current = this.listeners.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(channel);
      await this.redis().unsubscribe(channel).catch(() => undefined);
    };
  }

  /** Number of orders this process is subscribed to (for tests and diagnostics). */
  get channelCount(): number {
    return this.listeners.size;
  }

  async onModuleDestroy(): Promise<void> {
    this.listeners.clear();
    this.connection?.disconnect();
  }

  private redis(): Redis {
    if (this.connection) return this.connection;
    const connection = new Redis(this.cfg.url, { maxRetriesPerRequest: null, lazyConnect: false });
    connection.on('error', (err) => this.logger.warn(`subscriber: ${err.message}`));
    connection.on('message', (channel: string, payload: string) => this.dispatch(channel, payload));
    this.connection = connection;
    return connection;
  }

  private dispatch(channel: string, payload: string): void {
    const set = this.listeners.get(channel);
    if (!set) return;
    let message: OrderEventMessage;
    try {
      message = JSON.parse(payload) as OrderEventMessage;
    } catch {
      this.logger.warn(`ignored a malformed message on ${channel}`);
      return;
    }
    for (const listener of set) listener(message);
  }
}
