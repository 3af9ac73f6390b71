import { request, RequestOptions, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { edgeServerFactory } from './http-server';

const limits = { maxUrlLength: 64, requestTimeoutMs: 30_000, connectionTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000 };

/** A server from the factory whose handler answers 200 and counts the requests it was given. */
async function serve(): Promise<{ server: Server; port: number; handled: string[] }> {
  const handled: string[] = [];
  const server = edgeServerFactory(limits)((req, res) => {
    handled.push(req.url ?? '');
    res.end('ok');
  }, {}) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, handled };
}

function get(port: number, path: string, headers: RequestOptions['headers'] = {}, options: RequestOptions = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false, ...options }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('edgeServerFactory', () => {
  let server: Server;
  let port: number;
  let handled: string[];

  beforeEach(async () => ({ server, port, handled } = await serve()));
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('answers a URL longer than the limit with 414 without calling the handler', async () => {
    const res = await get(port, `/${'a'.repeat(64)}`);
    expect(res.status).toBe(414);
    expect(JSON.parse(res.body)).toEqual({ statusCode: 414, code: 'URI_TOO_LONG', message: 'the URL is longer than 64 characters' });
    expect(res.headers).toMatchObject({ connection: 'close', 'cache-control': 'no-store' });
    expect(handled).toEqual([]);
  });

  it('hands a URL at the limit to the handler', async () => {
    const path = `/${'a'.repeat(63)}`;
    expect((await get(port, path)).status).toBe(200);
    expect(handled).toEqual([path]);
  });

  it("leaves 'upgrade' to the listeners attached to the server", async () => {
    const upgraded: string[] = [];
    server.on('upgrade', (req, socket: Socket) => {
      upgraded.push(req.url ?? '');
      socket.end('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n');
    });
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/ws/x', headers: { connection: 'Upgrade', upgrade: 'test' }, agent: false });
      req.on('upgrade', (_res, socket) => (socket.destroy(), resolve()));
      req.on('error', reject);
      req.end();
    });
    expect(upgraded).toEqual(['/ws/x']);
    expect(handled).toEqual([]);
  });

  it.each([
    ['two Content-Type headers', { 'content-type': ['application/json', 'text/plain'] }, {}, 400, 'BAD_REQUEST', 'the request has 2 content-type headers'],
    ['two Host headers', ['Host', 'a', 'Host', 'b'], { setHost: false }, 400, 'BAD_REQUEST', 'the request has 2 host headers'],
    ['no Host header', {}, { setHost: false }, 400, 'BAD_REQUEST', 'the request has no host header'],
    ['a content-encoded body', { 'content-encoding': 'gzip' }, {}, 415, 'UNSUPPORTED_MEDIA_TYPE', 'request bodies must not be content-encoded'],
    ['an expectation other than 100-continue', { expect: 'banana' }, {}, 417, 'EXPECTATION_FAILED', 'the only expectation served is 100-continue'],
  ] as const)('refuses %s with the error body, without calling the handler', async (_what, headers, options, status, code, message) => {
    const res = await get(port, '/x', headers as RequestOptions['headers'], options);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toEqual({ statusCode: status, code, message });
    expect(handled).toEqual([]);
  });

  it('answers CONNECT with 405 and the error body instead of dropping the connection', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'CONNECT', path: 'example.com:443', agent: false });
      req.on('connect', (res, socket, head) => {
        let body = head.toString();
        socket.on('data', (d) => (body += d));
        socket.on('close', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(405);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 405, code: 'METHOD_NOT_ALLOWED', message: 'CONNECT is not served' });
  });

  it('sets the timeouts on the server', () => {
    expect(server.requestTimeout).toBe(30_000);
    expect(server.headersTimeout).toBe(30_000);
    expect(server.keepAliveTimeout).toBe(5_000);
    expect(server.timeout).toBe(60_000);
  });
});
