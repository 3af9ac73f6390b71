import type { Redis } from 'ioredis';
import { EdgeConfig, RedisConfig } from '@app/config';
import { OrderEventMessage } from '../domain/order-view';
import { FirehoseWatch } from './firehose-watch';
import { OrderEventsPublisher } from './order-events.publisher';

/** A Redis that records the channel of every PUBLISH, alone or pipelined. */
function recordingRedis() {
  const channels: string[] = [];
  const redis = {
    publish: async (channel: string) => void channels.push(channel),
    pipeline: () => {
      const pipeline = {
        publish: (channel: string) => (channels.push(channel), pipeline),
        exec: async () => [],
      };
      return pipeline;
    },
  } as unknown as Redis;
  return { redis, channels };
}

const event = (orderId: string, seq = 2): OrderEventMessage => ({
  orderId, seq, status: 'routing', attempt: 1, at: '2026-01-01T00:00:00.000Z',
});

function setup(watched: string[]) {
  const { redis, channels } = recordingRedis();
  const watch = { isWatched: (accountId: string) => watched.includes(accountId) } as FirehoseWatch;
  const edge = { groupQueueLimit: 100 } as EdgeConfig;
  const publisher = new OrderEventsPublisher(redis, { prefix: 'p' } as RedisConfig, edge, watch);
  return { publisher, channels };
}

describe('OrderEventsPublisher', () => {
  it("publishes on the order's channel only while nobody watches the account", async () => {
    const { publisher, channels } = setup([]);
    await Promise.all([publisher.publish(event('o1'), 'acc'), publisher.publish(event('o2'), 'acc')]);
    expect(channels).toEqual(['p:order-events:o1', 'p:order-events:o2']);
  });

  it("also publishes on the account's channel while a firehose watches it, in the same pipeline", async () => {
    const { publisher, channels } = setup(['acc']);
    await Promise.all([publisher.publish(event('o1'), 'acc'), publisher.publish(event('o2'), 'other')]);
    expect(channels).toEqual(['p:order-events:o1', 'p:account-events:acc', 'p:order-events:o2']);
  });

  it("sends a new order's first event to its account's firehose only, and nothing when unwatched", async () => {
    const watched = setup(['acc']);
    watched.publisher.publishAccepted(event('o1', 1), 'acc');
    await watched.publisher.publish(event('o2'));
    expect(watched.channels).toEqual(['p:account-events:acc', 'p:order-events:o2']);
    const unwatched = setup([]);
    unwatched.publisher.publishAccepted(event('o1', 1), 'acc');
    await unwatched.publisher.publish(event('o2'));
    expect(unwatched.channels).toEqual(['p:order-events:o2']);
  });
});
