import WebSocket from 'ws';

export interface WsTranscript {
  messages: Array<Record<string, unknown>>;
  closeCode: number;
}

/**
 * Connects to `url` and records every message until the server closes the socket. Rejects if the
 * socket is still open at the deadline, so a missing terminal event fails the test fast.
 */
export function recordUntilClose(url: string, deadlineMs = 15_000, headers: Record<string, string> = {}): Promise<WsTranscript> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const messages: Array<Record<string, unknown>> = [];
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`socket ${url} still open after ${deadlineMs} ms; got ${JSON.stringify(messages)}`));
    }, deadlineMs);
    ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
    ws.on('close', (closeCode) => {
      clearTimeout(timer);
      resolve({ messages, closeCode });
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Resolves with the HTTP status the server answered an upgrade with (e.g. 404 for a bad path). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return upgradeAnswer(url, headers).then((a) => a.status);
}

/** The HTTP answer to an upgrade: its status and headers (101 when the socket opened). */
export function upgradeAnswer(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
      ws.terminate();
    });
    ws.on('open', () => {
      ws.terminate();
      resolve({ status: 101, headers: {} });
    });
    ws.on('error', (err) => reject(err));
  });
}

/** Opens a socket and resolves with its first message (then closes it). */
export function firstMessage(url: string, headers: Record<string, string> = {}, deadlineMs = 5_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no message on ${url} within ${deadlineMs} ms`));
    }, deadlineMs);
    ws.on('message', (data) => {
      clearTimeout(timer);
      resolve(JSON.parse(data.toString()));
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`upgrade answered ${res.statusCode}`));
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/**
 * Settles once `onEvent` reports done, and rejects with `what` if the socket closes first or the
 * deadline passes. Listeners and the timer are removed either way.
 */
function socketWait(
  ws: WebSocket,
  what: string,
  deadlineMs: number,
  listen: (done: () => void) => { event: 'ping' | 'pong'; listener: (data: Buffer) => void },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (err?: Error) => {
      clearTimeout(timer);
      ws.off(event, listener);
      ws.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const { event, listener } = listen(() => finish());
    const onClose = (code: number) => finish(new Error(`socket closed with ${code} while waiting for ${what}`));
    const timer = setTimeout(() => finish(new Error(`no ${what} within ${deadlineMs} ms`)), deadlineMs);
    ws.on(event, listener);
    ws.once('close', onClose);
  });
}

let pingSerial = 0;

/**
 * Pings the server and resolves when the matching pong is back: by then the server has read
 * everything sent before the ping, and whatever it sent first (a close frame too) has arrived.
 */
export function pingPong(ws: WebSocket, deadlineMs = 5_000): Promise<void> {
  const payload = `probe-${++pingSerial}`;
  const waited = socketWait(ws, `the pong to ${payload}`, deadlineMs, (done) => ({
    event: 'pong',
    listener: (data) => data.toString() === payload && done(),
  }));
  ws.ping(payload);
  return waited;
}

/** Resolves once the server's heartbeat has pinged this socket `count` times (the client pongs on its own). */
export function serverPings(ws: WebSocket, count: number, deadlineMs = 5_000): Promise<void> {
  let seen = 0;
  return socketWait(ws, `${count} pings from the server`, deadlineMs, (done) => ({
    event: 'ping',
    listener: () => ++seen >= count && done(),
  }));
}

/** Resolves with the close code; rejects if the socket is still open at the deadline. */
export function closeCode(ws: WebSocket, deadlineMs = 5_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('close', onClose);
      reject(new Error(`socket still open after ${deadlineMs} ms`));
    }, deadlineMs);
    const onClose = (code: number) => {
      clearTimeout(timer);
      resolve(code);
    };
    ws.once('close', onClose);
  });
}
