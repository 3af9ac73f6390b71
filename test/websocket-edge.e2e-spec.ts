import { Logger } from '@nestjs/common';
import request from 'supertest';
import WebSocket from 'ws';
import { webSocketAdapterOf } from '../apps/api/src/setup-app';
import { RunningEngine, startEngine } from './support/engine';
import { closePayload, exchange, frame, FrameSpec, handshakeHeaders, OP, requestBytes, Script, sendThenReset, textMessages, UpgradeRequest } from './support/raw-ws';
import { until } from './support/wait';
import { closeCode } from './support/ws-client';

/**
 * The WebSocket edge under hostile input: malformed upgrade URLs, sockets that break while the
 * server answers them. Each case must end in a documented outcome with the process still serving.
 */
describe('WebSocket edge', () => {
  let engine: RunningEngine;
  let port: number;
  let orderId: string;

  beforeAll(async () => {
    // No worker: the order stays pending, so its stream stays open.
    engine = await startEngine({ RUN_WORKER: 'false', WS_MAX_CONNECTIONS: '5', WS_MAX_CONNECTIONS_PER_ADDRESS: '3' });
    port = Number(new URL(engine.baseUrl).port);
    const res = await request(engine.baseUrl)
      .post('/api/orders/execute')
      .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1 })
      .expect(202);
    orderId = res.body.orderId;
  });

  afterAll(() => engine.close());

  const health = () => request(engine.baseUrl).get('/health').expect(200);
  const connections = () => webSocketAdapterOf(engine.app)!.connections;
  const noConnectionsLeft = () => until('WebSocket connections held', connections, 0);

  /** A WebSocket on the pending order, from `localAddress`, once its first event arrived. */
  function open(localAddress = '127.0.0.1'): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${engine.wsUrl}/ws/orders/${orderId}`, { localAddress });
      ws.once('message', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  const closeAll = (sockets: WebSocket[]) => Promise.all(sockets.map((ws) => (ws.close(), closeCode(ws))));

  describe('upgrade URLs', () => {
    it('closes with 4400 INVALID_ORDER_ID when the id has malformed percent-encoding', async () => {
      for (const id of ['%zz', '%', '%e0%a4%a', `${orderId.slice(0, 35)}%`, '%C0%AF']) {
        const outcome = await exchange(port, { target: `/ws/orders/${id}` });
        expect({ id, status: outcome.status, close: outcome.closeCode }).toEqual({ id, status: 101, close: 4400 });
        expect(textMessages(outcome)).toEqual([{ orderId: id, error: 'the order id must be a UUID', code: 'INVALID_ORDER_ID' }]);
      }
      await health();
    });

    it('streams the same order for its id in capitals', async () => {
      const outcome = await exchange(port, { target: `/ws/orders/${orderId.toUpperCase()}` }, { afterFirstMessage: true, closeWith: 1000 });
      expect(textMessages(outcome)).toEqual([expect.objectContaining({ orderId, seq: 1, status: 'pending' })]);
      expect(outcome.closeCode).toBe(1000);
    });

    it('refuses an upgrade URL longer than MAX_URL_LENGTH with 414, before routing it', async () => {
      const outcome = await exchange(port, { target: `/ws/orders/${orderId}?${'a'.repeat(2100)}` });
      expect(outcome.status).toBe(414);
      expect(outcome.headers.connection).toBe('close');
      expect(JSON.parse(outcome.body)).toEqual({ statusCode: 414, code: 'URI_TOO_LONG', message: expect.any(String) });
      expect(outcome.ended).toBe('end');
      // Anywhere: the length is checked before the path is looked at.
      expect((await exchange(port, { target: `/${'x'.repeat(3000)}` })).status).toBe(414);
    });

    it('answers 20 upgrades of ~15,000 slashes at once without holding the event loop', async () => {
      const target = `/ws/${'/'.repeat(15_000)}x`;
      const started = Date.now();
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => exchange(port, { target }, {}, { deadlineMs: 10_000 })));
      const elapsed = Date.now() - started;
      expect(outcomes.map((o) => o.status)).toEqual(Array(20).fill(414));
      expect(elapsed).toBeLessThan(1_000);
      // Under the limit, such a path is routed (to nowhere) in linear time.
      expect((await exchange(port, { target: `/ws/${'/'.repeat(2000)}x` })).status).toBe(404);
      await health();
    });
  });

  describe('handshakes', () => {
    it('answers odd methods and malformed handshakes with an HTTP status', async () => {
      const target = `/ws/orders/${orderId}`;
      const valid = handshakeHeaders(`127.0.0.1:${port}`);
      const without = (name: string) => valid.filter(([k]) => k !== name);
      const replaced = (name: string, value: string) => valid.map(([k, v]): [string, string] => [k, k === name ? value : v]);
      const cases: Array<[string, UpgradeRequest, number]> = [
        ['CONNECT', { method: 'CONNECT', target }, 405],
        ['CONNECT to an authority', { method: 'CONNECT', target: '127.0.0.1:443' }, 405],
        ['POST', { method: 'POST', target }, 405],
        ['HEAD', { method: 'HEAD', target }, 405],
        ['no Sec-WebSocket-Key', { target, headers: without('Sec-WebSocket-Key') }, 400],
        ['a short Sec-WebSocket-Key', { target, headers: replaced('Sec-WebSocket-Key', 'c2hvcnQ=') }, 400],
        ['no Sec-WebSocket-Version', { target, headers: without('Sec-WebSocket-Version') }, 400],
        ['Sec-WebSocket-Version 12', { target, headers: replaced('Sec-WebSocket-Version', '12') }, 400],
        ['Upgrade: h2c', { target, headers: replaced('Upgrade', 'h2c') }, 400],
        ['a header over 16 KiB', { target, headers: [...valid, ['X-Pad', 'p'.repeat(17_000)]] }, 431],
      ];
      for (const [what, req, status] of cases) {
        const outcome = await exchange(port, req);
        // Node's HTTP parser answers the oversized header (431) before the upgrade router sees it.
        const ended = status === 431 ? outcome.ended.replace('answered', 'end') : outcome.ended;
        expect({ what, status: outcome.status, ended }).toEqual({ what, status, ended: 'end' });
      }
      await health();
    });
  });

  describe('raw sockets', () => {
    it('survives clients that reset the connection while their upgrade is refused', async () => {
      const targets = ['/elsewhere', '/ws/nowhere/a/b', `/ws/orders/${orderId}/extra`, `/${'y'.repeat(3000)}`];
      for (let round = 0; round < 25; round++) {
        await Promise.all(targets.map((target) => sendThenReset(port, requestBytes({ target }, `127.0.0.1:${port}`))));
      }
      await health();
      expect((await exchange(port, { target: '/elsewhere' })).status).toBe(404);
    });
  });

  describe('client frames', () => {
    let errorLogs: jest.SpyInstance;
    beforeEach(() => (errorLogs = jest.spyOn(Logger.prototype, 'error')));
    afterEach(() => {
      expect(errorLogs).not.toHaveBeenCalled();
      errorLogs.mockRestore();
    });

    const onOrder = (chunks: Buffer[], script: Script = {}) =>
      exchange(port, { target: `/ws/orders/${orderId}` }, { chunks, ...script });
    const text = (t: string | Buffer, more: Partial<FrameSpec> = {}) => frame({ opcode: OP.text, payload: Buffer.from(t), ...more });

    it('ignores client messages of any kind and keeps streaming', async () => {
      const outcome = await onOrder(
        [
          text('{"event":"subscribe","data":{}}'),
          text('not json'),
          text(''),
          frame({ opcode: OP.binary, payload: Buffer.from([0, 1, 2, 0xff]) }),
          text('frag', { fin: false }),
          frame({ opcode: OP.ping, payload: Buffer.from('in between') }),
          frame({ opcode: OP.continuation, payload: Buffer.from('mented') }),
          frame({ opcode: OP.text, payload: Buffer.from('{"a":1}'), lengthForm: '64' }),
          frame({ opcode: OP.pong, payload: Buffer.from('unsolicited') }),
        ],
        { closeWith: 1000 },
      );
      expect(outcome.status).toBe(101);
      expect(textMessages(outcome)).toEqual([expect.objectContaining({ orderId, seq: 1, status: 'pending' })]);
      expect(outcome.frames.filter((f) => f.opcode === OP.pong).map((f) => f.payload.toString())).toEqual(['in between']);
      expect(outcome.closeCode).toBe(1000);
    });

    it('closes on broken frames with the protocol close codes, logging no error', async () => {
      const cases: Array<[string, Buffer[], number]> = [
        ['a message over 4 KiB', [frame({ opcode: OP.binary, payload: Buffer.alloc(4097) })], 1009],
        ['a declared length of 2^63', [frame({ opcode: OP.binary, declaredLength: 1n << 63n })], 1009],
        ['fragments adding up to over 4 KiB', [text('x'.repeat(3000), { fin: false }), frame({ opcode: OP.continuation, payload: Buffer.alloc(3000) })], 1009],
        ['invalid UTF-8 in a text frame', [text(Buffer.from([0xc3, 0x28]))], 1007],
        ['an unmasked frame', [text('hi', { masked: false })], 1002],
        ['a reserved bit', [text('hi', { rsv: 4 })], 1002],
        ['reserved data opcode 3', [frame({ opcode: 3, payload: Buffer.from('x') })], 1002],
        ['reserved control opcode 0xB', [frame({ opcode: 0xb })], 1002],
        ['a continuation with nothing to continue', [frame({ opcode: OP.continuation, payload: Buffer.from('x') })], 1002],
        ['a fragmented ping', [frame({ opcode: OP.ping, fin: false })], 1002],
        ['a ping over 125 bytes', [frame({ opcode: OP.ping, payload: Buffer.alloc(126) })], 1002],
        ['a message in 65 fragments', [...Array.from({ length: 64 }, (_, i) => frame({ opcode: i ? OP.continuation : OP.text, fin: false })), frame({ opcode: OP.continuation })], 1008],
        ['a close frame with code 1005', [frame({ opcode: OP.close, payload: closePayload(1005) })], 1002],
        ['a close frame with code 999', [frame({ opcode: OP.close, payload: closePayload(999) })], 1002],
        ['a close frame with a 1-byte payload', [frame({ opcode: OP.close, payload: Buffer.from([3]) })], 1002],
        ['a close reason of invalid UTF-8', [frame({ opcode: OP.close, payload: closePayload(1000, Buffer.from([0xff])) })], 1007],
      ];
      for (const [what, chunks, code] of cases) {
        const outcome = await onOrder(chunks);
        expect({ what, close: outcome.closeCode }).toEqual({ what, close: code });
      }
      await health();
    });

    it('answers a close frame with any valid code by echoing it', async () => {
      for (const code of [1000, 1001, 1003, 1011, 1014, 3000, 4000, 4999]) {
        const outcome = await onOrder([], { closeWith: code });
        expect({ code, echoed: outcome.closeCode }).toEqual({ code, echoed: code });
      }
    });

    it('closes with 4429 a client that floods pings, whether or not it reads', async () => {
      const pings = Array.from({ length: 300 }, () => frame({ opcode: OP.ping, payload: Buffer.alloc(125) }));
      // The server stops reading a client it drops, and cuts it if it is still there 1 s later.
      const reading = await onOrder([Buffer.concat(pings)]);
      expect(reading.closeCode).toBe(4429);
      expect(['end', 'reset']).toContain(reading.ended); // a reset when our close echo was still unread
      const notReading = await onOrder([Buffer.concat(pings)], { readAfterMs: 500, settleOnCloseFrame: true });
      expect(notReading.closeCode).toBe(4429);
      // ws pongs before the guard sees the ping: at most the burst and the one that overflowed it.
      expect(notReading.frames.filter((f) => f.opcode === OP.pong).length).toBeLessThanOrEqual(101);
    });

    it('closes with 4429 a client that floods messages or bytes', async () => {
      const small = Array.from({ length: 200 }, () => text('{}'));
      expect((await onOrder([Buffer.concat(small)], { settleOnCloseFrame: true })).closeCode).toBe(4429);
      const fragments = Array.from({ length: 40 }, () => [text('x'.repeat(4000), { fin: false }), frame({ opcode: OP.continuation })]).flat();
      expect((await onOrder([Buffer.concat(fragments)], { settleOnCloseFrame: true })).closeCode).toBe(4429);
    });
  });

  describe('connection limits', () => {
    beforeEach(noConnectionsLeft);

    it('refuses an upgrade beyond WS_MAX_CONNECTIONS_PER_ADDRESS with 503 and Retry-After', async () => {
      const held = await Promise.all([open(), open(), open()]);
      const refused = await exchange(port, { target: `/ws/orders/${orderId}` });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(JSON.parse(refused.body)).toEqual({ statusCode: 503, code: 'TOO_MANY_CONNECTIONS', message: expect.stringContaining('from one address') });
      // Another address still gets in.
      held.push(await open('127.0.0.2'));
      await closeAll(held);
    });

    it('refuses an upgrade beyond WS_MAX_CONNECTIONS, whatever the address', async () => {
      const held = await Promise.all([open(), open(), open('127.0.0.2'), open('127.0.0.2'), open('127.0.0.3')]);
      const refused = await exchange(port, { target: `/ws/orders/${orderId}` }, {}, { localAddress: '127.0.0.4' });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      await closeAll(held);
    });

    it('frees a slot when the client closes, when the server closes, when the handshake fails and on a reset', async () => {
      const held = await Promise.all([open(), open(), open()]);
      await closeAll(held.splice(0, 1));
      await until('connections after one closed', connections, 2);
      held.push(await open());
      await closeAll(held);
      // Closed by the server (4400), a failed handshake (400, 405), a reset right after the request.
      for (let i = 0; i < 10; i++) {
        expect((await exchange(port, { target: '/ws/orders/nope' })).closeCode).toBe(4400);
        expect((await exchange(port, { target: `/ws/orders/${orderId}`, headers: [['Host', 'x'], ['Upgrade', 'websocket'], ['Connection', 'Upgrade']] })).status).toBe(400);
        expect((await exchange(port, { method: 'POST', target: `/ws/orders/${orderId}` })).status).toBe(405);
        await sendThenReset(port, requestBytes({ target: `/ws/orders/${orderId}` }, `127.0.0.1:${port}`));
      }
      await noConnectionsLeft();
      await closeAll(await Promise.all([open(), open(), open()]));
    });
  });
});
