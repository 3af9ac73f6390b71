import * as http from 'node:http';
import { Duplex } from 'node:stream';
import { OrderRoutingWsAdapter } from './order-ws.adapter';

/** A raw upgrade socket whose peer has gone: every write fails with ECONNRESET, as on a reset connection. */
class ResetSocket extends Duplex {
  remoteAddress = '127.0.0.1';
  override _read(): void {}
  override _write(_chunk: Buffer, _encoding: string, callback: (err?: Error) => void): void {
    callback(Object.assign(new Error('write ECONNRESET'), { code: 'ECONNRESET' }));
  }
}

/** A raw upgrade socket that records what the server writes and whether it closed it. */
class RecordingSocket extends Duplex {
  remoteAddress = '127.0.0.1';
  written = '';
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: string, callback: (err?: Error) => void): void {
    this.written += chunk.toString('latin1');
    callback();
  }
}

const upgradeRequest = (url: string) =>
  ({ url, method: 'GET', headers: { upgrade: 'websocket', connection: 'Upgrade' } }) as unknown as http.IncomingMessage;

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('OrderRoutingWsAdapter', () => {
  let server: http.Server;

  beforeEach(() => {
    server = http.createServer();
    const publicAccount = async () => ({ id: 'public', name: 'public', admin: false, keyId: null, limits: { ordersPerSecond: 0, readsPerSecond: 0, maxOpenOrders: 0 } });
    const adapter = new OrderRoutingWsAdapter(server, { maxUrlLength: 2048, maxConnections: 100, maxConnectionsPerAddress: 100 }, publicAccount);
    adapter.create(0, { path: '/ws/orders' });
  });

  it('answers a path no gateway serves with a complete 404 response, then closes the socket', async () => {
    const socket = new RecordingSocket();
    server.emit('upgrade', upgradeRequest('/ws/elsewhere'), socket, Buffer.alloc(0));
    await settle();
    const [head, body] = socket.written.split('\r\n\r\n');
    expect(head.split('\r\n')).toEqual([
      'HTTP/1.1 404 Not Found',
      'Connection: close',
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
    ]);
    expect(JSON.parse(body)).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: expect.any(String) });
    expect(socket.destroyed).toBe(true);
  });

  it('refuses a URL over the limit with 414 before routing it', async () => {
    for (const url of [`/ws/orders/${'a'.repeat(2038)}`, `/${'/'.repeat(5000)}`]) {
      const socket = new RecordingSocket();
      server.emit('upgrade', upgradeRequest(url), socket, Buffer.alloc(0));
      await settle();
      expect(socket.written).toMatch(/^HTTP\/1\.1 414 URI Too Long\r\n/);
      expect(JSON.parse(socket.written.split('\r\n\r\n')[1])).toMatchObject({ statusCode: 414, code: 'URI_TOO_LONG' });
      expect(socket.destroyed).toBe(true);
    }
  });

  it('answers a CONNECT request with 405 instead of dropping it unanswered', async () => {
    const socket = new RecordingSocket();
    server.emit('connect', upgradeRequest('127.0.0.1:443'), socket, Buffer.alloc(0));
    await settle();
    expect(socket.written).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n[^]*\r\nAllow: GET\r\n\r\n/);
    expect(socket.destroyed).toBe(true);
  });

  it('survives a socket that was reset while its upgrade is refused', async () => {
    const socket = new ResetSocket();
    server.emit('upgrade', upgradeRequest('/elsewhere'), socket, Buffer.alloc(0));
    await settle();
    await settle();
    expect(socket.destroyed).toBe(true);
  });
});
