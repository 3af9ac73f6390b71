import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { MicroBatcher, OverloadedError, withTimeout } from '@app/common';
import { edgeConfig, EdgeConfig, redisConfig, RedisConfig } from '@app/config';
import { OrderEventMessage } from '../domain/order-view';
import { FirehoseWatch } from './firehose-watch';
import { accountChannel, ORDER_EVENTS_REDIS, orderChannel } from './order-events.tokens';

interface Publish {
  message: OrderEventMessage;
  /** Also on this account's channel: set only while some firehose watches the account. */
  accountId?: string;
  /** Only on the account's channel (a new order's first event: nobody can follow the order yet). */
  accountOnly?: boolean;
}

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
  private readonly publishes: MicroBatcher<Publish, void>;

  constructor(
    @Inject(ORDER_EVENTS_REDIS) private readonly redis: Redis,
    @Inject(redisConfig.KEY) private readonly cfg: RedisConfig,
    @Inject(edgeConfig.KEY) edge: EdgeConfig,
    private readonly watch: FirehoseWatch,
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
   * With the order's account, the event also goes to the account's channel while a firehose
   * (WS /ws/orders) of that account is open somewhere; otherwise that costs one Set lookup.
   */
  publish(message: OrderEventMessage, accountId?: string): Promise<void> {
    const watched = accountId !== undefined && this.watch.isWatched(accountId);
    const item: Publish = watched ? { message, accountId } : { message };
    return this.publishes.add(item).catch((err: unknown) => {
      if (!(err instanceof OverloadedError)) throw err;
      this.logger.warn(`publish of ${message.orderId}#${message.seq} dropped: ${err.message}`);
    });
  }

  /**
   * A new order's first event, for the firehoses of its account only (none open: nothing is
   * sent). The order's own stream replays it from Postgres, since its id was not known before.
   */
  publishAccepted(message: OrderEventMessage, accountId: string): void {
    if (!this.watch.isWatched(accountId)) return;
    this.publishes.add({ message, accountId, accountOnly: true }).catch(() => undefined);
  }

  /** Closed last (shutdown, not destroy): the worker may still publish while it drains. */
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private async publishGroup(items: Publish[]): Promise<void[]> {
    const done = items.map(() => undefined);
    try {
      await withTimeout(this.send(items), PUBLISH_TIMEOUT_MS, 'publish', 'redis');
    } catch (err) {
      const [first] = items;
      const what = items.length === 1 ? `${first.message.orderId}#${first.message.seq}` : `${items.length} events`;
      this.logger.warn(`publish of ${what} failed: ${(err as Error).message}`);
    }
    return done;
  }

  private async send(items: Publish[]): Promise<void> {
    if (items.length === 1 && items[0].accountId === undefined) {
      const { message: m } = items[0];
      await this.redis.publish(orderChannel(this.cfg.prefix, m.orderId), JSON.stringify(m));
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const item of items) {
      const { message: m, accountId } = item;
      const payload = JSON.stringify(m);
      if (!item.accountOnly) pipeline.publish(orderChannel(this.cfg.prefix, m.orderId), payload);
      if (accountId !== undefined) pipeline.publish(accountChannel(this.cfg.prefix, accountId), payload);
    }
    const failed = ((await pipeline.exec()) ?? []).filter(([err]) => err).length;
    if (failed > 0) this.logger.warn(`publish of ${failed} of ${items.length} events failed`);
  }
}
