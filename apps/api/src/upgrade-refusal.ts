import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Why an upgrade is refused: an HTTP status, a stable code for the JSON body, extra headers. */
export interface UpgradeRefusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

const ignore = () => undefined;

/**
 * An 'error' listener for a raw upgrade socket. Node's HTTP server removes its own listener before
 * it hands the socket to the 'upgrade' event, and an 'error' event without a listener throws: a
 * client that resets its connection while the server writes to it would crash the process. The
 * upgrade handler adds this first, before it looks at the request or writes anything.
 */
export function guardRawSocket(socket: Duplex): void {
  socket.on('error', ignore);
}

/**
 * Answers an upgrade request with an HTTP error and a JSON body `{ statusCode, code, message }`,
 * written on its raw socket, then closes the socket. The server's sockets are half-open, so
 * ending our side alone would leave the socket open as long as the client keeps its own: it is
 * destroyed once the answer is flushed (as `ws` does for the refusals it writes itself).
 */
export function refuseUpgrade(socket: Duplex, refusal: UpgradeRefusal): void {
  if (socket.listenerCount('error') === 0) guardRawSocket(socket);
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ statusCode: refusal.status, code: refusal.code, message: refusal.message });
  const head = [
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(refusal.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}
