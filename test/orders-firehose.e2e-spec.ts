import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import request from 'supertest';
import WebSocket from 'ws';
import { ApiKeys, CreatedKey, PUBLIC_ACCOUNT_ID } from '@app/accounts';
import { parseRedisUrl } from '@app/common';
import { RedisConfig } from '@app/config';
import { FirehoseWatch, OrderEventsSubscriber } from '@app/orders';
import { RunningEngine, startEngine } from './support/engine';
import { closePayload, exchange, frame, OP, textMessages } from './support/raw-ws';
import { TEST_ENV } from './support/test-env';
import { until } from './support/wait';
import { closeCode, recordUntilClose, upgradeAnswer } from './support/ws-client';

const ORDER = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.5' };
type Message = Record<string, unknown>;

/** A firehose client: every message it got, and a wait for the moment a condition on them holds. */
function openFirehose(url: string): Promise<{ ws: WebSocket; messages: Message[]; waitFor(what: string, done: (m: Message[]) => boolean): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages: Message[] = [];
    const waiters: Array<() => void> = [];
    ws.on('message', (data) => {
      messages.push(JSON.parse(data.toString()));
      if (messages.length === 1) resolve({ ws, messages, waitFor });
      waiters.forEach((w) => w());
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade answered ${res.statusCode}`)));
    ws.once('error', reject);
    function waitFor(what: string, done: (m: Message[]) => boolean, deadlineMs = 15_000): Promise<void> {
      return new Promise((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no ${what} within ${deadlineMs} ms; got ${JSON.stringify(messages)}`)), deadlineMs);
        const check = () => {
          if (!done(messages)) return;
          clearTimeout(timer);
          ok();
        };
        waiters.push(check);
        check();
      });
    }
  });
}

const eventsOf = (messages: Message[], orderId: string) => messages.filter((m) => m.orderId === orderId);
const finished = (orderId: string) => (messages: Message[]) => eventsOf(messages, orderId).some((m) => m.status === 'confirmed' || m.status === 'failed');

describe('WS /ws/orders, the account firehose (open mode)', () => {
  let engine: RunningEngine;
  const watch = () => engine.app.get(FirehoseWatch);
  const subscriptions = () => engine.app.get(OrderEventsSubscriber).channelCount;

  beforeAll(async () => {
    engine = await startEngine();
  });

  afterAll(() => engine.close());

  it('opens with a subscribed message, then streams every event of each new order exactly as its own stream does', async () => {
    expect(watch().isWatched(PUBLIC_ACCOUNT_ID)).toBe(false);
    const hose = await openFirehose(`${engine.wsUrl}/ws/orders`);
    expect(hose.messages[0]).toEqual({ subscribed: 'orders', accountId: PUBLIC_ACCOUNT_ID, account: 'public' });
    expect(watch().isWatched(PUBLIC_ACCOUNT_ID)).toBe(true);
    const ids: string[] = [];
    for (const amountIn of ['0.5', '0.7']) {
      const res = await request(engine.baseUrl).post('/api/orders/execute').send({ ...ORDER, amountIn }).expect(202);
      ids.push(res.body.orderId);
    }
    await hose.waitFor('terminal events of both orders', (m) => ids.every((id) => finished(id)(m)));
    for (const id of ids) {
      const own = await recordUntilClose(`${engine.wsUrl}/ws/orders/${id}`);
      // Same messages, same order, each seq once: the firehose is the per-order streams interleaved.
      expect(eventsOf(hose.messages, id)).toEqual(own.messages);
      expect(own.messages.map((m) => m.status)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    }
    // The firehose outlives the orders.
    expect(hose.ws.readyState).toBe(WebSocket.OPEN);
    hose.ws.close();
    await closeCode(hose.ws);
    await until('the account still watched after its firehose closed', () => watch().isWatched(PUBLIC_ACCOUNT_ID), false);
    await until('subscriptions left after the firehose closed', subscriptions, 0);
  });

  it('still refuses the alias without an orderId: it is the per-order stream, not the firehose', async () => {
    const first = await new Promise<Message>((resolve, reject) => {
      const ws = new WebSocket(`${engine.wsUrl}/api/orders/execute`);
      ws.once('message', (data) => resolve(JSON.parse(data.toString())));
      ws.once('error', reject);
    });
    expect(first).toMatchObject({ code: 'INVALID_ORDER_ID' });
  });

  it('ignores client messages and junk of any kind, and echoes the client\'s close', async () => {
    const port = Number(new URL(engine.baseUrl).port);
    const text = (t: string) => frame({ opcode: OP.text, payload: Buffer.from(t) });
    const outcome = await exchange(
      port,
      { target: '/ws/orders' },
      {
        chunks: [text('{"event":"subscribe"}'), text('not json'), frame({ opcode: OP.binary, payload: Buffer.from([0, 0xff]) })],
        afterFirstMessage: true,
        closeWith: 1000,
      },
    );
    expect(outcome.status).toBe(101);
    expect(textMessages(outcome)).toEqual([{ subscribed: 'orders', accountId: PUBLIC_ACCOUNT_ID, account: 'public' }]);
    expect(outcome.closeCode).toBe(1000);
  });

  it('closes broken and flooding clients with the same codes as the per-order stream', async () => {
    const port = Number(new URL(engine.baseUrl).port);
    const cases: Array<[string, Buffer[], number]> = [
      ['a message over 4 KiB', [frame({ opcode: OP.binary, payload: Buffer.alloc(4097) })], 1009],
      ['invalid UTF-8', [frame({ opcode: OP.text, payload: Buffer.from([0xc3, 0x28]) })], 1007],
      ['an unmasked frame', [frame({ opcode: OP.text, payload: Buffer.from('hi'), masked: false })], 1002],
      ['a close with code 1005', [frame({ opcode: OP.close, payload: closePayload(1005) })], 1002],
      ['a ping flood', [Buffer.concat(Array.from({ length: 300 }, () => frame({ opcode: OP.ping, payload: Buffer.alloc(125) })))], 4429],
    ];
    for (const [what, chunks, code] of cases) {
      const outcome = await exchange(port, { target: '/ws/orders' }, { chunks, afterFirstMessage: true, settleOnCloseFrame: true });
      expect({ what, close: outcome.closeCode }).toEqual({ what, close: code });
    }
    await until('subscriptions left after the dropped clients', subscriptions, 0);
    await request(engine.baseUrl).get('/health').expect(200);
  });
});

describe('WS /ws/orders in AUTH_MODE=required', () => {
  let engine: RunningEngine;
  let alice: CreatedKey;
  let bob: CreatedKey;
  const as = (key: CreatedKey) => ({ Authorization: `Bearer ${key.key}` });

  beforeAll(async () => {
    engine = await startEngine({ AUTH_MODE: 'required' });
    const keys = engine.app.get(ApiKeys);
    alice = await keys.create({ account: `alice-${randomUUID().slice(0, 8)}` });
    bob = await keys.create({ account: `bob-${randomUUID().slice(0, 8)}` });
  });

  afterAll(() => engine.close());

  it('needs a ticket (or a key), and streams the orders of the ticket\'s account only', async () => {
    expect((await upgradeAnswer(`${engine.wsUrl}/ws/orders`)).status).toBe(401);
    expect((await upgradeAnswer(`${engine.wsUrl}/ws/orders?ticket=made-up`)).status).toBe(401);
    const ticket = (await request(engine.baseUrl).post('/api/ws-tickets').set(as(alice)).expect(201)).body.ticket;
    const hose = await openFirehose(`${engine.wsUrl}/ws/orders?ticket=${ticket}`);
    expect(hose.messages[0]).toEqual({ subscribed: 'orders', accountId: alice.accountId, account: alice.account });
    const bobs = (await request(engine.baseUrl).post('/api/orders/execute').set(as(bob)).send(ORDER).expect(202)).body.orderId;
    const alices = (await request(engine.baseUrl).post('/api/orders/execute').set(as(alice)).send(ORDER).expect(202)).body.orderId;
    // Bob's order was placed first; by the time Alice's has finished, Bob's events were all published.
    await hose.waitFor("Alice's order to finish", finished(alices));
    await recordUntilClose(`${engine.wsUrl}/ws/orders/${bobs}`, 15_000, as(bob));
    expect(eventsOf(hose.messages, alices).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(hose.messages.filter((m) => m.orderId !== undefined && m.orderId !== alices)).toEqual([]);
    hose.ws.close();
    await closeCode(hose.ws);
  });
});

describe('WS /ws/orders across api and worker processes', () => {
  let api: RunningEngine;
  let worker: RunningEngine;

  beforeAll(async () => {
    // Two engines on one Postgres and one Redis, as two processes would be: the api holds the
    // firehose and runs no worker; the other executes the order and publishes its events.
    api = await startEngine({ AUTH_MODE: 'open', RUN_WORKER: 'false' });
    worker = await startEngine({ AUTH_MODE: 'open', RUN_WORKER: 'true' });
  });

  afterAll(async () => {
    await api.close();
    await worker.close();
  });

  it("streams the events another process publishes, once that process has seen the account's watch", async () => {
    const hose = await openFirehose(`${api.wsUrl}/ws/orders`);
    await until('the worker process to see the watch', () => worker.app.get(FirehoseWatch).isWatched(PUBLIC_ACCOUNT_ID), true, { deadlineMs: 5_000 });
    const id = (await request(api.baseUrl).post('/api/orders/execute').send(ORDER).expect(202)).body.orderId;
    await hose.waitFor('the order to finish', finished(id));
    expect(eventsOf(hose.messages, id).map((m) => m.status)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    hose.ws.close();
    await closeCode(hose.ws);
    await until('the worker process to see the watch end', () => worker.app.get(FirehoseWatch).isWatched(PUBLIC_ACCOUNT_ID), false, { deadlineMs: 5_000 });
  });
});

describe('FirehoseWatch across processes', () => {
  let redis: Redis;
  const cfg: RedisConfig = { endpoint: parseRedisUrl(TEST_ENV.REDIS_URL), prefix: `${TEST_ENV.QUEUE_PREFIX}-watch-${randomUUID().slice(0, 8)}` };

  beforeAll(() => {
    redis = new Redis(TEST_ENV.REDIS_URL);
  });

  afterAll(async () => {
    await redis.del(`${cfg.prefix}:firehose-watched`);
    redis.disconnect();
  });

  it("sees another process's firehose on its next refresh, and its end on the one after", async () => {
    const api = new FirehoseWatch(redis, cfg);
    const worker = new FirehoseWatch(redis, cfg);
    try {
      await worker.refresh();
      expect(worker.isWatched('acc')).toBe(false);
      const end = api.watch('acc');
      await until('the watch written', () => redis.zcard(`${cfg.prefix}:firehose-watched`), 1);
      await worker.refresh();
      expect(worker.isWatched('acc')).toBe(true);
      end();
      await until('the watch removed', () => redis.zcard(`${cfg.prefix}:firehose-watched`), 0);
      await worker.refresh();
      expect(worker.isWatched('acc')).toBe(false);
    } finally {
      api.onModuleDestroy();
      worker.onModuleDestroy();
    }
  });

  it('forgets the entries of a process that died without removing them', async () => {
    const dead = new FirehoseWatch(redis, cfg);
    const worker = new FirehoseWatch(redis, cfg);
    try {
      dead.watch('gone');
      dead.onModuleDestroy(); // no more renewals, as if the process had died
      await until('the watch written', () => redis.zcard(`${cfg.prefix}:firehose-watched`), 1);
      await worker.refresh(Date.now() + 60_000);
      expect(worker.isWatched('gone')).toBe(false);
    } finally {
      worker.onModuleDestroy();
    }
  });
});
