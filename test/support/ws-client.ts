import WebSocket from 'ws';

export interface WsTranscript {
  messages: Array<Record<string, unknown>>;
  closeCode: number;
}

/**
 * Connects to `url` and records every message until the server closes the socket. Rejects if the
 * socket is still open at the deadline, so a missing terminal event fails the test fast.
 */
export function recordUntilClose(url: string, deadlineMs = 15_000): Promise<WsTranscript> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
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
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('error', (err) => reject(err));
  });
}
