import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { WS_CLOSE, WS_MAX_BUFFERED_BYTES } from '@app/orders';

/** A token bucket: holds at most `burst` tokens, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes `n` tokens if there are that many; false (and takes none) if not. */
  take(n = 1): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}

/**
 * What a client may send. Clients of the order stream have nothing to say: a pong per heartbeat,
 * perhaps pings of their own. These bounds are far above that and far below what costs the
 * process anything: a frame answered by a pong, or bytes that must be parsed, at line rate.
 */
export const CLIENT_LIMITS = {
  /** Frames (messages, pings, pongs): a burst of 100, then 20 per second. */
  frames: { burst: 100, perSecond: 20 },
  /** Bytes on the wire: a burst of 64 KiB, then 16 KiB per second. */
  bytes: { burst: 64 * 1024, perSecond: 16 * 1024 },
  /** After closing a dropped client, how long its close frame gets before the socket is cut. */
  closeGraceMs: 1000,
} as const;

/**
 * Closes a client the engine will not serve any more, and stops reading from it: whatever it
 * sends after this is left in the kernel, not parsed. If the socket is still open after
 * `graceMs` (the client did not read our close frame, or did not answer it) it is cut.
 */
export function dropClient(ws: WebSocket, code: number, reason: string, graceMs: number = CLIENT_LIMITS.closeGraceMs): void {
  if (ws.readyState === ws.CLOSED) return;
  if (ws.readyState === ws.OPEN) ws.close(code, reason);
  ws.pause();
  setTimeout(() => ws.terminate(), graceMs).unref();
}

/**
 * Watches what one client sends, and drops it:
 * - with 4429 when it sends frames (messages, pings, pongs) or bytes faster than CLIENT_LIMITS,
 *   e.g. a ping flood (`ws` answers every ping with a pong);
 * - with 4408 when it pings while over 1 MiB of what we sent it is still unsent: it does not read,
 *   and each pong would only add to that.
 * Messages themselves are ignored (the gateway has no message handlers).
 */
export function guardClient(
  ws: WebSocket,
  raw: Duplex,
  limits: { frames: { burst: number; perSecond: number }; bytes: { burst: number; perSecond: number } } = CLIENT_LIMITS,
  now?: () => number,
): void {
  const frames = new TokenBucket(limits.frames.burst, limits.frames.perSecond, now);
  const bytes = new TokenBucket(limits.bytes.burst, limits.bytes.perSecond, now);
  let dropped = false;
  const drop = (code: number, reason: string) => {
    if (dropped) return;
    dropped = true;
    raw.off('data', onData);
    dropClient(ws, code, reason);
  };
  const onFrame = () => {
    if (!dropped && !frames.take()) drop(WS_CLOSE.tooMuch, 'too many frames');
  };
  const onData = (chunk: Buffer) => {
    if (!dropped && !bytes.take(chunk.length)) drop(WS_CLOSE.tooMuch, 'too much data');
  };
  ws.on('message', onFrame);
  ws.on('pong', onFrame);
  ws.on('ping', () => {
    onFrame();
    if (ws.bufferedAmount > WS_MAX_BUFFERED_BYTES) drop(WS_CLOSE.tooSlow, 'client too slow');
  });
  raw.on('data', onData);
}
