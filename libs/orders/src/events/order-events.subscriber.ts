import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedis, MicroBatcher, withTimeout } from '@app/common';
import { edgeConfig, EdgeConfig, redisConfig, RedisConfig } from '@app/config';
import { OrderEventMessage } from '../domain/order-view';
import { orderChannel } from './order-events.tokens';

export type OrderEventListener = (message: OrderEventMessage) => void;

/**
 * How long a WebSocket waits for Redis to confirm its subscription. Past it (Redis hung or away)
 * the socket is closed with 1013 and DEPENDENCY_UNAVAILABLE, to reconnect later, rather than left
 * waiting without events.
 */
const SUBSCRIBE_TIMEOUT_MS = 2000;

interface ChannelCommand {
  op: 'subscribe' | 'unsubscribe';
  channel: string;
}

/**
 * One Redis subscriber connection per API process, shared by all its sockets: a channel is
 * subscribed while at least one local listener wants that order, and released with the last one.
 * The connection opens on first use, so processes without WebSocket clients never hold one.
 */
@Injectable()
export class OrderEventsSubscriber implements OnModuleDestroy {
  private readonly logger = new Logger(OrderEventsSubscriber.name);
  private readonly listeners = new Map<string, Set<OrderEventListener>>();
  private connection?: Promise<Redis>;
  /** Set on shutdown: commands still queued then must not open a new connection. */
  private closed = false;
  /**
   * SUBSCRIBE and UNSUBSCRIBE requested at the same time go out as one command per run of the
   * same kind (`SUBSCRIBE a b c`), in the order they were asked for: one flush at a time, so an
   * unsubscribe can never overtake the subscribe it undoes.
   */
  private readonly commands: MicroBatcher<ChannelCommand, void>;

  constructor(
    @Inject(redisConfig.KEY) private readonly cfg: RedisConfig,
    @Inject(edgeConfig.KEY) edge: EdgeConfig,
  ) {
    this.commands = new MicroBatcher((batch) => this.send(batch), {
      maxBatch: 500,
      maxInFlight: 1,
      // A refused SUBSCRIBE fails its socket's start (it may reconnect). A refused UNSUBSCRIBE
      // leaves the channel subscribed with no listener: its messages are dropped on arrival, and
      // the next subscribe and release of that order clears it.
      maxWaiting: edge.groupQueueLimit,
      name: 'subscription commands',
    });
  }

  /** Resolves once Redis confirmed the subscription; returns the function that ends it. */
  async subscribe(orderId: string, listener: OrderEventListener): Promise<() => Promise<void>> {
    const channel = orderChannel(this.cfg.prefix, orderId);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    const release = async () => {
      const current = this.listeners.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(channel);
      await this.commands.add({ op: 'unsubscribe', channel }).catch(() => undefined);
    };
    if (set.size === 1) {
      try {
        const subscribed = this.commands.add({ op: 'subscribe', channel });
        await withTimeout(subscribed, SUBSCRIBE_TIMEOUT_MS, 'subscribing to order events', 'redis');
      } catch (err) {
        // The listener is forgotten at once. Timed out, the SUBSCRIBE may still go out once Redis
        // answers: the UNSUBSCRIBE that release queues behind it undoes it then (not awaited: it
        // waits for Redis too).
        void release();
        throw err;
      }
    }
    return release;
  }

  /** Number of orders this process is subscribed to (for tests and diagnostics). */
  get channelCount(): number {
    return this.listeners.size;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    const connection = this.connection;
    this.connection = undefined;
    (await connection?.catch(() => undefined))?.disconnect();
  }

  /**
   * The connection is opened once and awaited before the first SUBSCRIBE: subscribing while
   * ioredis still sends its own start-up commands fails with "Connection in subscriber mode"
   * (redis/ioredis#2037), which happened when several sockets connected to a fresh process.
   */
  private redis(): Promise<Redis> {
    if (this.closed) return Promise.reject(new Error('the event subscriber is shut down'));
    if (!this.connection) {
      const connection = createRedis(this.cfg.endpoint, 'subscriber');
      connection.on('error', (err) => this.logger.warn(`subscriber: ${err.message}`));
      connection.on('message', (channel: string, payload: string) => this.dispatch(channel, payload));
      this.connection = connection.connect().then(
        () => connection,
        (err: Error) => {
          this.connection = undefined;
          connection.disconnect();
          throw err;
        },
      );
    }
    return this.connection;
  }

  private async send(batch: ChannelCommand[]): Promise<Array<void | Error>> {
    const redis = await this.redis();
    const runs: Array<{ op: ChannelCommand['op']; channels: string[]; items: number[] }> = [];
    batch.forEach((c, i) => {
      const last = runs[runs.length - 1];
      if (last && last.op === c.op) {
        last.channels.push(c.channel);
        last.items.push(i);
      } else {
        runs.push({ op: c.op, channels: [c.channel], items: [i] });
      }
    });
    // Issued back to back on one connection, so Redis sees them in this order.
    const settled = await Promise.allSettled(
      runs.map((r) => (r.op === 'subscribe' ? redis.subscribe(...r.channels) : redis.unsubscribe(...r.channels))),
    );
    const outcomes: Array<void | Error> = new Array(batch.length).fill(undefined);
    settled.forEach((result, r) => {
      if (result.status === 'rejected') {
        const error = result.reason instanceof Error ? result.reason : new Error(String(result.reason));
        runs[r].items.forEach((i) => (outcomes[i] = error));
      }
    });
    return outcomes;
  }

  private dispatch(channel: string, payload: string): void {
    const set = this.listeners.get(channel);
    if (!set) return;
    let message: OrderEventMessage;
    try {
      message = JSON.parse(payload) as OrderEventMessage;
    } catch {
      message = undefined as unknown as OrderEventMessage;
    }
    if (typeof message !== 'object' || message === null || !Number.isInteger(message.seq)) {
      this.logger.warn(`ignored a malformed message on ${channel}`);
      return;
    }
    // Called from the Redis connection's 'message' event: a listener's exception must stop here.
    for (const listener of set) {
      try {
        listener(message);
      } catch (err) {
        this.logger.error(`a listener of ${channel} failed: ${(err as Error).stack ?? err}`);
      }
    }
  }
}
