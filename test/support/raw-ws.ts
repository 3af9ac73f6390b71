import { createHash, randomBytes } from 'node:crypto';
import * as net from 'node:net';

/**
 * A WebSocket client on raw TCP, for the tests that must send what a real client library never
 * would: hand-written upgrade requests (any method, target and headers) and hand-built frames
 * (masked as a client must, or broken on purpose). It records what the server answered: an HTTP
 * status, or after a 101 the frames it sent, the code of its close frame and how TCP ended.
 */

export const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Frame opcodes (RFC 6455 §5.2); 3–7 and 0xB–0xF are reserved. */
export const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface FrameSpec {
  opcode: number;
  payload?: Buffer;
  fin?: boolean;
  /** RSV1..RSV3 as a 3-bit number (must be 0 without extensions). */
  rsv?: number;
  /** false: send unmasked (a protocol error from a client). Default: a random mask. */
  masked?: boolean;
  /** The length field's form: the shortest (default), or forced to 16 or 64 bits. */
  lengthForm?: 'shortest' | '16' | '64';
  /** A length to declare instead of the payload's real one (a lie, for broken frames). */
  declaredLength?: bigint;
}

/** One frame as bytes, masked as a client must unless `masked: false`. */
export function frame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const length = spec.declaredLength ?? BigInt(payload.length);
  const masked = spec.masked ?? true;
  const form = spec.lengthForm ?? 'shortest';
  const first = ((spec.fin ?? true) ? 0x80 : 0) | (((spec.rsv ?? 0) & 7) << 4) | (spec.opcode & 0x0f);
  let head: Buffer;
  if (form === 'shortest' && length < 126n) {
    head = Buffer.from([first, Number(length)]);
  } else if (form !== '64' && length < 65536n) {
    head = Buffer.alloc(4);
    head[0] = first;
    head[1] = 126;
    head.writeUInt16BE(Number(length), 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = first;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt.asUintN(64, length), 2);
  }
  if (!masked) return Buffer.concat([head, payload]);
  head[1] |= 0x80;
  const key = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] ^= key[i & 3];
  return Buffer.concat([head, key, body]);
}

/** A close frame's payload: a 2-byte code and a reason. */
export const closePayload = (code: number, reason: Buffer | string = '') =>
  Buffer.concat([Buffer.from([(code >> 8) & 0xff, code & 0xff]), Buffer.from(reason)]);

export interface UpgradeRequest {
  method?: string;
  target: string;
  /** Header lines in order; a header given as `null` is left out. Default: a valid WebSocket handshake. */
  headers?: Array<[string, string]>;
}

/** The headers of a valid handshake, with a fresh key. */
export function handshakeHeaders(host: string, key = randomBytes(16).toString('base64')): Array<[string, string]> {
  return [
    ['Host', host],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', key],
    ['Sec-WebSocket-Version', '13'],
  ];
}

/** The request's bytes. The target is written as UTF-8 (so unicode goes raw, as a hostile client may send it). */
export function requestBytes(req: UpgradeRequest, host: string): Buffer {
  const headers = req.headers ?? handshakeHeaders(host);
  const head = `${req.method ?? 'GET'} ${req.target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.from(head, 'utf8');
}

export interface ServerFrame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

export interface Outcome {
  /** The HTTP status the server answered the upgrade with (101 when it upgraded); undefined if none. */
  status?: number;
  headers: Record<string, string>;
  /** The refusal's body (refused upgrades). */
  body: string;
  /** Frames the server sent after the 101 (pings and pongs included, close excluded). */
  frames: ServerFrame[];
  /** The code in the server's close frame (1005 for an empty one), if it sent one. */
  closeCode?: number;
  closeReason?: string;
  /**
   * How the exchange ended: the server ended or reset TCP; or the client hung up once it had a
   * whole refusal (`answered`, for kept-alive HTTP answers) or the server's close frame
   * (`close-frame`, with Script.settleOnCloseFrame); or it was still open at the deadline.
   */
  ended: 'end' | 'reset' | 'timeout' | 'answered' | 'close-frame';
  /** Bytes received that were not a well-formed response or frame. */
  garbage?: string;
}

/** What the client does once the server answered 101. */
export interface Script {
  /** Byte chunks to write, in order; `pauseMs` waits between them. */
  chunks?: Buffer[];
  pauseMs?: number;
  /** Answer the server's pings (as a client library would). Default true. */
  answerPings?: boolean;
  /** After the chunks, send a close frame with this code (unless the server closed first). */
  closeWith?: number;
  /** Stop reading (pause the socket) after the 101, and resume only after `readAfterMs`. */
  readAfterMs?: number;
  /** Reset (RST) the connection right after the chunks. */
  reset?: boolean;
  /** Half-close (FIN) the connection right after the chunks. */
  halfClose?: boolean;
  /** Hang up as soon as the server's close frame is in, rather than wait for the server to end TCP. */
  settleOnCloseFrame?: boolean;
  /** Start the script only once the server sent its first message (or closed). */
  afterFirstMessage?: boolean;
}

/** Parses the server's frames out of `buf`; returns them and the bytes left over. */
function parseFrames(buf: Buffer): { frames: ServerFrame[]; rest: Buffer; bad?: string } {
  const frames: ServerFrame[] = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    const b0 = buf[at];
    const b1 = buf[at + 1];
    if (b1 & 0x80) return { frames, rest: buf.subarray(at), bad: 'a masked frame from the server' };
    let len = b1 & 0x7f;
    let head = 2;
    if (len === 126) {
      if (buf.length - at < 4) break;
      len = buf.readUInt16BE(at + 2);
      head = 4;
    } else if (len === 127) {
      if (buf.length - at < 10) break;
      len = Number(buf.readBigUInt64BE(at + 2));
      head = 10;
    }
    if (buf.length - at < head + len) break;
    frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload: buf.subarray(at + head, at + head + len) });
    at += head + len;
  }
  return { frames, rest: buf.subarray(at) };
}

/**
 * Opens a TCP connection to `port`, sends `request` (bytes, or an upgrade request), and if the
 * server upgrades, runs `script`. Resolves once the server closed the connection, or at the
 * deadline (then `ended: 'timeout'` and the socket is destroyed). `localAddress` picks the
 * client's address (any of 127.0.0.0/8 on Linux), to act as several clients.
 */
export function exchange(
  port: number,
  request: UpgradeRequest | Buffer,
  script: Script = {},
  { deadlineMs = 3_000, localAddress }: { deadlineMs?: number; localAddress?: string } = {},
): Promise<Outcome> {
  const host = `127.0.0.1:${port}`;
  const req = Buffer.isBuffer(request) ? undefined : { ...request, headers: request.headers ?? handshakeHeaders(host) };
  const bytes = req ? requestBytes(req, host) : (request as Buffer);
  const key = req?.headers.find(([k]) => k.toLowerCase() === 'sec-websocket-key')?.[1];
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    const outcome: Outcome = { headers: {}, body: '', frames: [], ended: 'timeout' };
    let buf: Buffer = Buffer.alloc(0);
    let upgraded = false;
    let sentClose = false;
    let bodyLeft = Infinity;
    const method = req?.method ?? 'GET';
    let done = false;
    const timers: NodeJS.Timeout[] = [];
    const later = (ms: number, fn: () => void) => timers.push(setTimeout(fn, ms));
    const finish = (ended: Outcome['ended']) => {
      if (done) return;
      done = true;
      outcome.ended = ended;
      timers.forEach(clearTimeout);
      socket.destroy();
      resolve(outcome);
    };
    const write = (chunk: Buffer) => {
      if (!socket.destroyed && socket.writable) socket.write(chunk);
    };

    let scriptStarted = false;
    const startScript = () => {
      if (scriptStarted) return;
      scriptStarted = true;
      void runScript();
    };

    const onFrames = () => {
      const { frames, rest, bad } = parseFrames(buf);
      buf = rest;
      if (bad) outcome.garbage = bad;
      for (const f of frames) {
        if (f.opcode === OP.text || f.opcode === OP.binary || f.opcode === OP.close) startScript();
        if (f.opcode === OP.close) {
          if (outcome.closeCode === undefined) {
            outcome.closeCode = f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 1005;
            outcome.closeReason = f.payload.subarray(2).toString('utf8');
            if (!sentClose) {
              sentClose = true;
              write(frame({ opcode: OP.close, payload: f.payload.subarray(0, 2) }));
            }
            if (script.settleOnCloseFrame) return finish('close-frame');
          }
          continue;
        }
        outcome.frames.push(f);
        if (f.opcode === OP.ping && script.answerPings !== false && outcome.closeCode === undefined) {
          write(frame({ opcode: OP.pong, payload: f.payload }));
        }
      }
    };

    const runScript = async () => {
      if (script.readAfterMs !== undefined) {
        socket.pause();
        later(script.readAfterMs, () => socket.resume());
      }
      for (const chunk of script.chunks ?? []) {
        if (done || outcome.closeCode !== undefined) break;
        write(chunk);
        if (script.pauseMs) await new Promise((r) => later(script.pauseMs!, () => r(undefined)));
      }
      if (script.reset) {
        if (!done) {
          socket.resetAndDestroy();
          finish('reset');
        }
        return;
      }
      if (script.halfClose) {
        if (!done) socket.end();
        return;
      }
      if (script.closeWith !== undefined && !sentClose && !done) {
        sentClose = true;
        write(frame({ opcode: OP.close, payload: closePayload(script.closeWith) }));
      }
    };

    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (outcome.status === undefined) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
        buf = buf.subarray(end + 4);
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
        if (!m) {
          outcome.garbage = lines[0].slice(0, 200);
          return finish('end');
        }
        outcome.status = Number(m[1]);
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(':');
          if (colon > 0) outcome.headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        // An answer that keeps the connection alive (a plain HTTP answer) ends at its body's end;
        // one with `Connection: close` when the server ends TCP.
        if (outcome.status !== 101 && !/\bclose\b/i.test(outcome.headers.connection ?? '')) {
          const length = method === 'HEAD' ? 0 : Number(outcome.headers['content-length'] ?? NaN);
          bodyLeft = Number.isNaN(length) ? Infinity : length;
        }
        if (outcome.status === 101) {
          upgraded = true;
          if (key && outcome.headers['sec-websocket-accept'] !== createHash('sha1').update(key + GUID).digest('base64')) {
            outcome.garbage = 'a wrong Sec-WebSocket-Accept';
          }
          if (!script.afterFirstMessage) startScript();
        }
      }
      if (upgraded) {
        onFrames();
      } else {
        outcome.body += buf.toString('utf8');
        bodyLeft -= buf.length;
        buf = Buffer.alloc(0);
        if (bodyLeft <= 0) finish('answered');
      }
    });
    socket.on('error', () => finish('reset'));
    socket.on('end', () => {
      if (upgraded) onFrames();
      finish('end');
    });
    socket.on('close', () => finish('end'));
    later(deadlineMs, () => finish('timeout'));
    socket.write(bytes);
  });
}

/** The text messages the server sent, parsed as JSON where they parse. */
export const textMessages = (o: Outcome): unknown[] =>
  o.frames
    .filter((f) => f.opcode === OP.text)
    .map((f) => {
      try {
        return JSON.parse(f.payload.toString('utf8'));
      } catch {
        return f.payload.toString('utf8');
      }
    });

/** Sends `bytes` (an upgrade request) and resets (RST) the connection at once, before any answer arrives. */
export function sendThenReset(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(bytes, () => {
        socket.resetAndDestroy();
        resolve();
      });
    });
    socket.on('error', () => resolve());
  });
}
