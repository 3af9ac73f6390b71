import type { WebSocket } from 'ws';
import { OrderStatus } from '../domain/order-status';
import { OrderEventMessage } from '../domain/order-view';
import { OrderStream, WS_CLOSE } from './order-stream';

const STATUSES: OrderStatus[] = ['pending', 'routing', 'building', 'submitted', 'confirmed'];
const event = (seq: number): OrderEventMessage => ({
  orderId: 'o',
  seq,
  status: STATUSES[seq - 1],
  attempt: seq > 1 ? 1 : 0,
  at: '2026-01-01T00:00:00.000Z',
});

function fakeSocket(bufferedAmount = 0) {
  const sent: number[] = [];
  const closes: number[] = [];
  const socket = {
    bufferedAmount,
    send: (data: string) => sent.push(JSON.parse(data).seq),
    close: (code: number) => closes.push(code),
  } as unknown as WebSocket;
  return { socket, sent, closes };
}

/** A store holding events 1..n; `stored` can grow as the test goes on. */
function store(n: number) {
  const state = { stored: n };
  const load = async (after: number) =>
    Array.from({ length: state.stored }, (_, i) => event(i + 1)).filter((e) => e.seq > after);
  return { state, load };
}

describe('OrderStream', () => {
  it('replays the stored history in seq order', async () => {
    const { socket, sent, closes } = fakeSocket();
    expect(await new OrderStream(socket, store(3).load).replay()).toBe(true);
    expect(sent).toEqual([1, 2, 3]);
    expect(closes).toEqual([]);
  });

  it('reports an order without events as unknown', async () => {
    const { socket, sent } = fakeSocket();
    expect(await new OrderStream(socket, store(0).load).replay()).toBe(false);
    expect(sent).toEqual([]);
  });

  it('holds live events that arrive during the replay and drops those the replay already sent', async () => {
    const { socket, sent } = fakeSocket();
    const { load } = store(2);
    const stream = new OrderStream(socket, async (after) => {
      const events = await load(after);
      stream.onLive(event(2)); // published while we were reading: also in the store
      stream.onLive(event(3)); // published after our read: only live
      return events;
    });
    await stream.replay();
    expect(sent).toEqual([1, 2, 3]);
  });

  it('sends live events once each, in order', async () => {
    const { socket, sent } = fakeSocket();
    const stream = new OrderStream(socket, store(1).load);
    await stream.replay();
    stream.onLive(event(2));
    stream.onLive(event(2));
    stream.onLive(event(1));
    stream.onLive(event(3));
    expect(sent).toEqual([1, 2, 3]);
  });

  it('fills a gap left by a lost publish from the store', async () => {
    const { socket, sent } = fakeSocket();
    const { state, load } = store(1);
    const stream = new OrderStream(socket, load);
    await stream.replay();
    state.stored = 3;
    stream.onLive(event(3)); // seq 2 never arrived live
    await stream.catchUp();
    expect(sent).toEqual([1, 2, 3]);
  });

  it('closes with 1000 after the terminal event and sends nothing more', async () => {
    const { socket, sent, closes } = fakeSocket();
    const stream = new OrderStream(socket, store(5).load);
    await stream.replay();
    stream.onLive(event(5));
    expect(sent).toEqual([1, 2, 3, 4, 5]);
    expect(closes).toEqual([WS_CLOSE.finished]);
    expect(stream.finished).toBe(true);
  });

  it('drops a client that stopped reading instead of buffering without bound', async () => {
    const { socket, sent, closes } = fakeSocket(2 << 20);
    await new OrderStream(socket, store(3).load).replay();
    expect(sent).toEqual([]);
    expect(closes).toEqual([WS_CLOSE.tooSlow]);
  });

  it('survives a failed catch-up read: it reports it, and the next catch-up fills the gap', async () => {
    const { socket, sent } = fakeSocket();
    const { state, load } = store(1);
    let failNext = false;
    const errors: string[] = [];
    const stream = new OrderStream(
      socket,
      async (after) => {
        if (failNext) {
          failNext = false;
          throw new Error('connection terminated');
        }
        return load(after);
      },
      (err) => errors.push(err.message),
    );
    await stream.replay();
    state.stored = 3;
    failNext = true;
    stream.onLive(event(3)); // a gap: the catch-up it starts fails, and nobody awaits it
    await stream.catchUp();
    expect(errors).toEqual(['connection terminated']);
    expect(sent).toEqual([1, 2, 3]);
  });
});
