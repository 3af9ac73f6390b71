import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { WS_CLOSE } from '@app/orders';
import { CLIENT_LIMITS, guardClient, TokenBucket } from './ws-client-guard';

class FakeWebSocket extends EventEmitter {
  readonly OPEN = 1;
  readonly CLOSED = 3;
  readyState = 1;
  bufferedAmount = 0;
  closes: number[] = [];
  paused = false;
  terminated = false;
  close(code: number) {
    this.closes.push(code);
    this.readyState = 2;
  }
  pause() {
    this.paused = true;
  }
  terminate() {
    this.terminated = true;
    this.readyState = 3;
  }
}

function guarded() {
  let clock = 0;
  const ws = new FakeWebSocket();
  const raw = new EventEmitter();
  guardClient(ws as unknown as WebSocket, raw as unknown as Duplex, CLIENT_LIMITS, () => clock);
  return { ws, raw, advance: (ms: number) => (clock += ms) };
}

describe('TokenBucket', () => {
  it('gives a burst, then refills at its rate, never above the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 2, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 500;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 60_000;
    expect(bucket.take(3)).toBe(true);
    expect(bucket.take()).toBe(false);
  });
});

describe('guardClient', () => {
  it('lets a burst of frames through, then closes with 4429 and stops reading', () => {
    const { ws } = guarded();
    for (let i = 0; i < CLIENT_LIMITS.frames.burst; i++) ws.emit(i % 2 ? 'ping' : 'message', Buffer.alloc(0));
    expect(ws.closes).toEqual([]);
    ws.emit('pong', Buffer.alloc(0));
    expect(ws.closes).toEqual([WS_CLOSE.tooMuch]);
    expect(ws.paused).toBe(true);
    ws.emit('ping', Buffer.alloc(0));
    expect(ws.closes).toEqual([WS_CLOSE.tooMuch]);
  });

  it('allows frames at the sustained rate indefinitely', () => {
    const { ws, advance } = guarded();
    for (let i = 0; i < 10_000; i++) {
      advance(1000 / CLIENT_LIMITS.frames.perSecond);
      ws.emit('ping', Buffer.alloc(0));
    }
    expect(ws.closes).toEqual([]);
  });

  it('closes with 4429 when the client sends more bytes than allowed', () => {
    const { ws, raw, advance } = guarded();
    raw.emit('data', Buffer.alloc(CLIENT_LIMITS.bytes.burst));
    advance(1000);
    raw.emit('data', Buffer.alloc(CLIENT_LIMITS.bytes.perSecond));
    expect(ws.closes).toEqual([]);
    raw.emit('data', Buffer.alloc(1));
    expect(ws.closes).toEqual([WS_CLOSE.tooMuch]);
  });

  it('closes with 4408 a client that pings while it reads nothing we send', () => {
    const { ws } = guarded();
    ws.emit('ping', Buffer.alloc(0));
    ws.bufferedAmount = 2 << 20;
    ws.emit('ping', Buffer.alloc(0));
    expect(ws.closes).toEqual([WS_CLOSE.tooSlow]);
  });

  it('cuts a dropped client that is still connected after the grace period', () => {
    jest.useFakeTimers();
    try {
      const { ws } = guarded();
      for (let i = 0; i <= CLIENT_LIMITS.frames.burst; i++) ws.emit('ping', Buffer.alloc(0));
      jest.advanceTimersByTime(CLIENT_LIMITS.closeGraceMs - 1);
      expect(ws.terminated).toBe(false);
      jest.advanceTimersByTime(1);
      expect(ws.terminated).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
