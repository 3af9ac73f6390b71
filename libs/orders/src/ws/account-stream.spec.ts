import type { WebSocket } from 'ws';
import { OrderStatus } from '../domain/order-status';
import { OrderEventMessage } from '../domain/order-view';
import { AccountStream } from './account-stream';
import { WS_CLOSE } from './order-stream';

const STATUSES: OrderStatus[] = ['pending', 'routing', 'building', 'submitted', 'confirmed'];
const event = (orderId: string, seq: number): OrderEventMessage => ({
  orderId,
  seq,
  status: STATUSES[seq - 1],
  attempt: seq > 1 ? 1 : 0,
  at: '2026-01-01T00:00:00.000Z',
});

function fakeSocket(bufferedAmount = 0) {
  const sent: string[] = [];
  const closes: number[] = [];
  const socket = {
    bufferedAmount,
    send: (data: string) => {
      const m = JSON.parse(data);
      sent.push(`${m.orderId}#${m.seq}`);
    },
    close: (code: number) => closes.push(code),
  } as unknown as WebSocket;
  return { socket, sent, closes };
}

/** Postgres as a map of order id to its stored event count. */
function store(stored: Record<string, number>) {
  const reads: string[] = [];
  const load = async (orderId: string, after: number) => {
    reads.push(`${orderId}>${after}`);
    return Array.from({ length: stored[orderId] ?? 0 }, (_, i) => event(orderId, i + 1)).filter((e) => e.seq > after);
  };
  return { stored, reads, load };
}

describe('AccountStream', () => {
  it('forwards the live events of several orders as they come, without reading Postgres', () => {
    const { socket, sent, closes } = fakeSocket();
    const { reads, load } = store({});
    const stream = new AccountStream(socket, load);
    for (const e of [event('a', 1), event('b', 1), event('a', 2), event('b', 2), event('a', 3)]) stream.onLive(e);
    expect(sent).toEqual(['a#1', 'b#1', 'a#2', 'b#2', 'a#3']);
    expect(reads).toEqual([]);
    expect(closes).toEqual([]);
  });

  it('sends an order first seen mid-way with its whole history from Postgres, each seq once', async () => {
    const { socket, sent } = fakeSocket();
    const { load } = store({ a: 3 });
    const stream = new AccountStream(socket, load);
    stream.onLive(event('a', 3));
    stream.onLive(event('a', 3));
    await stream.catchUp('a');
    stream.onLive(event('a', 2));
    expect(sent).toEqual(['a#1', 'a#2', 'a#3']);
  });

  it('holds live events that arrive during a catch-up and sends them after it, in order', async () => {
    const { socket, sent } = fakeSocket();
    const { stored, load } = store({ a: 2 });
    const stream = new AccountStream(socket, load);
    stream.onLive(event('a', 2)); // starts a catch-up of 1..2
    stored.a = 4;
    stream.onLive(event('a', 3)); // arrives while it runs: a second catch-up follows the first
    stream.onLive(event('a', 4));
    await stream.catchUp('a');
    expect(sent).toEqual(['a#1', 'a#2', 'a#3', 'a#4']);
  });

  it('keeps the cursor of a finished order, so a late copy of its events is not sent again', async () => {
    const { socket, sent } = fakeSocket();
    const { reads, load } = store({ a: 5 });
    const stream = new AccountStream(socket, load);
    for (let seq = 1; seq <= 5; seq++) stream.onLive(event('a', seq));
    stream.onLive(event('a', 4));
    stream.onLive(event('a', 5));
    await stream.catchUp('a');
    expect(sent).toEqual(['a#1', 'a#2', 'a#3', 'a#4', 'a#5']);
    expect(reads).toEqual(['a>5']);
    expect(stream.tracked).toBe(1);
  });

  it('drops a client that stopped reading', () => {
    const { socket, sent, closes } = fakeSocket(2 << 20);
    const stream = new AccountStream(socket, store({}).load);
    stream.onLive(event('a', 1));
    stream.onLive(event('b', 1));
    expect(sent).toEqual([]);
    expect(closes).toEqual([WS_CLOSE.tooSlow]);
  });

  it('reports a failed catch-up and fills the gap at the order\'s next event', async () => {
    const { socket, sent } = fakeSocket();
    const { stored, load } = store({ a: 2 });
    let fail = true;
    const errors: string[] = [];
    const stream = new AccountStream(
      socket,
      async (id, after) => {
        if (fail) {
          fail = false;
          throw new Error('connection terminated');
        }
        return load(id, after);
      },
      (err) => errors.push(err.message),
    );
    stream.onLive(event('a', 2));
    await stream.catchUp('a');
    expect(errors).toEqual(['connection terminated']);
    stored.a = 3;
    expect(sent).toEqual(['a#1', 'a#2']);
    stream.onLive(event('a', 3));
    expect(sent).toEqual(['a#1', 'a#2', 'a#3']);
  });

  it('reads back, on the heartbeat, the unfinished orders that were quiet since the last one', async () => {
    const { socket, sent } = fakeSocket();
    const { stored, reads, load } = store({ a: 1, b: 1, c: 5 });
    const stream = new AccountStream(socket, load);
    for (const e of [event('a', 1), event('b', 1), ...[1, 2, 3, 4, 5].map((seq) => event('c', seq))]) stream.onLive(e);
    // First beat: everything was just active.
    await stream.catchUpQuiet();
    expect(reads).toEqual([]);
    // a's publishes were lost (2..5 stored, none arrived); b moved on live; c finished.
    stored.a = 5;
    stream.onLive(event('b', 2));
    await stream.catchUpQuiet();
    expect(reads).toEqual(['a>1']);
    expect(sent.filter((s) => s.startsWith('a'))).toEqual(['a#1', 'a#2', 'a#3', 'a#4', 'a#5']);
    // a is finished now: no more reads of it.
    await stream.catchUpQuiet();
    expect(reads).toEqual(['a>1', 'b>2']);
  });
});
