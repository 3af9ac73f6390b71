import Redis from 'ioredis';
import { parseRedisUrl } from '@app/common';
import { edgeConfig } from '@app/config';
import { OrderEventsSubscriber } from '@app/orders';
import { TEST_ENV } from './support/test-env';
import { until } from './support/wait';

describe('the event subscriber at shutdown', () => {
  const cfg = { endpoint: parseRedisUrl(TEST_ENV.REDIS_URL), prefix: `${TEST_ENV.QUEUE_PREFIX}-subscriber` };
  const edge = edgeConfig();
  const connectionOf = (s: OrderEventsSubscriber) => (s as unknown as { connection?: Promise<unknown> }).connection;

  it('refuses a subscription still queued when it shuts down, and opens no new connection', async () => {
    const subscriber = new OrderEventsSubscriber(cfg, edge);
    const release = await subscriber.subscribe('order-a', () => undefined);
    expect(connectionOf(subscriber)).toBeDefined();

    // Grouped with others, this SUBSCRIBE goes out on a later turn: after the shutdown below.
    const late = subscriber.subscribe('order-b', () => undefined);
    await subscriber.onModuleDestroy();

    await expect(late).rejects.toThrow('the event subscriber is shut down');
    await release();
    expect(connectionOf(subscriber)).toBeUndefined();
    expect(subscriber.channelCount).toBe(0);
  });

  it('lets a socket that closes after shutdown release its subscription quietly', async () => {
    const subscriber = new OrderEventsSubscriber(cfg, edge);
    const releases = await Promise.all(['a', 'b', 'c'].map((id) => subscriber.subscribe(id, () => undefined)));
    await subscriber.onModuleDestroy();
    await expect(Promise.all(releases.map((r) => r()))).resolves.toBeDefined();
    expect(connectionOf(subscriber)).toBeUndefined();
  });

  it('passes only well-formed events to listeners, and survives a listener that throws', async () => {
    const subscriber = new OrderEventsSubscriber(cfg, edge);
    const publisher = new Redis(TEST_ENV.REDIS_URL);
    const seen: unknown[] = [];
    try {
      await subscriber.subscribe('order-x', () => {
        throw new Error('listener bug');
      });
      await subscriber.subscribe('order-x', (event) => seen.push(event.seq));
      const channel = `${cfg.prefix}:order-events:order-x`;
      for (const payload of ['not json', 'null', '[]', '"text"', '{}', '{"seq":"1"}', '{"seq":1.5}', '{"seq":7}']) {
        await publisher.publish(channel, payload);
      }
      await until('the well-formed event reached the listener', () => seen.length, 1);
      expect(seen).toEqual([7]);
    } finally {
      publisher.disconnect();
      await subscriber.onModuleDestroy();
    }
  });
});
