import fc from 'fast-check';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client } from 'pg';
import request from 'supertest';
import WebSocket from 'ws';
import { webSocketAdapterOf } from '../apps/api/src/setup-app';
import { RunningEngine, startEngine } from './support/engine';
import { fuzzStores, params, SEED } from './support/fuzz/fuzz-setup';
import { WsEdge } from './support/fuzz/ws-endpoint';
import { flood, frameScript } from './support/fuzz/ws-frames';
import { upgradeCase } from './support/fuzz/ws-upgrades';
import { until } from './support/wait';

/**
 * Property-based fuzzing of the WebSocket edge over raw TCP. The promise: whatever a client sends
 * (any upgrade request, any frames, floods, or nothing while never reading) ends in a documented
 * outcome (an HTTP status on a refused upgrade, or a close code of the documented list, or a cut
 * connection where the docs say so), and nothing can stop or stall the process or change an order.
 *
 * Like the HTTP fuzz suite it has a database and queue prefix of its own, a fixed seed
 * (FUZZ_SEED=random for a random one, printed on failure) and FUZZ_RUNS=<factor> to scale the
 * runs. Cases run in small concurrent batches (each property's value is an array of cases), so
 * a stall of the event loop shows up as timeouts, and a failing batch shrinks to its one case.
 *
 * In test/support/fuzz/:
 *   ws-upgrades.ts   upgrade requests (method, target, headers) and the oracle of their answers
 *   ws-frames.ts     frame sequences (harmless, rule-breaking, closing) with their close codes; floods
 *   ws-endpoint.ts   sending a case over raw TCP and checking its outcome
 * and test/support/raw-ws.ts builds the frames and reads the answers.
 */

const stores = fuzzStores('wsfuzz');
const HEARTBEAT_MS = 300;
const MAX_CONNECTIONS = 80;
const MAX_PER_ADDRESS = 50;

describe('fuzzing the WebSocket edge: any input ends in a documented outcome, and the process keeps serving', () => {
  let engine: RunningEngine;
  let edge: WsEdge;
  let db: Client;
  let orderIds: string[];
  let before: { orders: unknown[]; events: unknown[] };
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  const started = Date.now();

  const snapshot = async () => ({
    orders: (await db.query('SELECT * FROM orders ORDER BY id')).rows,
    events: (await db.query('SELECT * FROM order_events ORDER BY order_id, seq')).rows,
  });
  const connections = () => webSocketAdapterOf(engine.app)!.connections;

  beforeAll(async () => {
    await stores.reset();
    engine = await startEngine({
      RUN_WORKER: 'false',
      DATABASE_URL: stores.databaseUrl,
      QUEUE_PREFIX: stores.queuePrefix,
      WS_HEARTBEAT_MS: String(HEARTBEAT_MS),
      WS_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
      WS_MAX_CONNECTIONS_PER_ADDRESS: String(MAX_PER_ADDRESS),
    });
    orderIds = [];
    for (const amountIn of ['1', '2.5', '0.001']) {
      const res = await request(engine.baseUrl).post('/api/orders/execute').send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn }).expect(202);
      orderIds.push(res.body.orderId);
    }
    edge = new WsEdge(Number(new URL(engine.baseUrl).port), { orderIds, maxUrlLength: 2048 });
    db = new Client({ connectionString: stores.databaseUrl });
    await db.connect();
    before = await snapshot();
    loopDelay.enable();
  });

  afterAll(async () => {
    loopDelay.disable();
    console.log(
      `ws fuzz: ${edge?.cases ?? 0} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED ?? 'random'}, ` +
        `longest event-loop delay ${(loopDelay.max / 1e6).toFixed(0)} ms\n  ${edge?.summary()}`,
    );
    await db?.end();
    await engine?.close();
  });

  /** Runs each generated batch of cases concurrently. */
  const batches = <T>(cases: fc.Arbitrary<T>, maxLength: number) => fc.array(cases, { minLength: 1, maxLength });

  it('1. upgrade requests: any method, target and headers get the documented answer', async () => {
    await fc.assert(
      fc.asyncProperty(batches(upgradeCase(orderIds), 8), async (batch) => {
        await Promise.all(batch.map((c) => edge.upgrade(c)));
      }),
      params(450),
    );
  }, 120_000);

  it('2. frame sequences on an open stream: harmless ones are ignored, the first broken rule sets the close code', async () => {
    await fc.assert(
      fc.asyncProperty(batches(fc.tuple(fc.constantFrom(...orderIds), frameScript), 6), async (batch) => {
        await Promise.all(batch.map(([id, script]) => edge.frames(id, script)));
      }),
      params(200),
    );
  }, 120_000);

  it('3. floods of pings, pongs, messages or bytes are closed with 4429, read or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        batches(fc.tuple(fc.constantFrom(...orderIds), flood, fc.option(fc.integer({ min: 50, max: 400 }), { nil: undefined })), 6),
        async (batch) => {
          await Promise.all(batch.map(([id, f, readAfterMs]) => edge.flood(id, f.label, f.frames, readAfterMs)));
        },
      ),
      params(6),
    );
  }, 120_000);

  it('4. clients that never read are cut by the heartbeat', async () => {
    await Promise.all(Array.from({ length: 6 }, (_, i) => edge.silent(orderIds[i % orderIds.length], 3 * HEARTBEAT_MS)));
  }, 30_000);

  it('5. bursts from two addresses: the connection limits hold exactly, and every slot comes back', async () => {
    /** Opens a socket from `address`; resolves with it, or with the status it was refused with. */
    const open = (address: string) =>
      new Promise<WebSocket | number>((resolve, reject) => {
        const ws = new WebSocket(`${engine.wsUrl}/ws/orders/${orderIds[0]}`, { localAddress: address });
        ws.once('open', () => resolve(ws));
        ws.once('unexpected-response', (_req, res) => {
          if (res.headers['retry-after'] !== '5') reject(new Error(`a ${res.statusCode} without Retry-After: 5`));
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.once('error', reject);
      });
    await until('connections left by the cases before', connections, 0, { deadlineMs: 5_000 });
    await fc.assert(
      fc.asyncProperty(fc.nat(MAX_CONNECTIONS), fc.nat(MAX_CONNECTIONS), async (a, b) => {
        const results = await Promise.all([...Array(a).fill('127.0.0.1'), ...Array(b).fill('127.0.0.2')].map(open));
        const opened = results.filter((r): r is WebSocket => typeof r !== 'number');
        const refused = results.filter((r) => typeof r === 'number');
        try {
          expect(refused.every((status) => status === 503)).toBe(true);
          expect(opened.length).toBe(Math.min(MAX_CONNECTIONS, Math.min(a, MAX_PER_ADDRESS) + Math.min(b, MAX_PER_ADDRESS)));
        } finally {
          opened.forEach((ws) => ws.close());
          await until('connections after the burst closed', connections, 0, { deadlineMs: 5_000 });
        }
      }),
      params(8),
    );
  }, 60_000);

  it('afterwards: the process serves, holds no connection, and no order changed', async () => {
    await request(engine.baseUrl).get('/health').expect(200);
    await until('connections held after the fuzzing', connections, 0, { deadlineMs: 5_000 });
    expect(await snapshot()).toEqual(before);
    // A stall of the event loop (e.g. a regular expression backtracking over a URL) shows here.
    expect(loopDelay.max / 1e6).toBeLessThan(1_000);
  });
});
