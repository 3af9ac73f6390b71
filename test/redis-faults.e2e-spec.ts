import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from './support/free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningEngine, startEngine } from './support/engine';
import { until } from './support/wait';
import { firstMessage, recordUntilClose } from './support/ws-client';

/**
 * A Redis of the test's own (a redis-server it starts on a free port, without persistence), so that
 * it can be paused (SIGSTOP: a hang, as in a network partition) and killed without touching the
 * machine's. What needs Redis answers 503 DEPENDENCY_UNAVAILABLE within its timeout; what does not
 * (accepting an order without a rate limit, reading, listing) goes on; nothing answers 500, and
 * everything comes back by itself once Redis does.
 */

class OwnRedis {
  private process?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'engine-redis-faults-'));

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir],
      { stdio: 'ignore' },
    );
    this.process = child;
    await until('own redis answering', () => this.answers(), true, { deadlineMs: 10_000, everyMs: 50 });
  }

  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }

  /** Kills it (SIGKILL: a crash) and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGCONT');
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
    this.process = undefined;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(this.port, '127.0.0.1');
      socket.setTimeout(500);
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data: Buffer) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
  }
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  ms: number;
}

async function call(engine: RunningEngine, method: string, path: string, body?: unknown): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(`${engine.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers, ms: Date.now() - started };
}

const ORDER = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 0.25 };

/** The configured bounds: 1 s for a rate-limit check, a ticket or a health check, 2 s for a subscription; plus slack for a loaded machine. */
const BOUND_MS = 4_000;

function expectRedisUnavailable(answer: Answer): void {
  expect({ status: answer.status, code: answer.body.code, dependency: answer.body.dependency }).toEqual({
    status: 503,
    code: 'DEPENDENCY_UNAVAILABLE',
    dependency: 'redis',
  });
  expect(answer.headers.get('retry-after')).toBe('1');
  expect(answer.ms).toBeLessThan(BOUND_MS);
}

describe('Redis paused and killed under the api', () => {
  let redis: OwnRedis;
  /** No rate limit: accepting and reading need Postgres only. */
  let free: RunningEngine;
  /** Rate limits on: every request must be counted in Redis first. */
  let limited: RunningEngine;
  let orderId: string;

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    const common = { REDIS_URL: redis.url, RUN_WORKER: 'false' };
    free = await startEngine(common);
    limited = await startEngine({ ...common, RATE_LIMIT_ORDERS_PER_SECOND: '1000', RATE_LIMIT_READS_PER_SECOND: '1000' });
    const placed = await call(free, 'POST', '/api/orders/execute', ORDER);
    expect(placed.status).toBe(202);
    orderId = placed.body.orderId as string;
  }, 30_000);

  afterAll(async () => {
    // Redis first: an app cannot close its connections to a paused Redis.
    await redis.stop();
    await free?.close();
    await limited?.close();
  });

  it('serves everything while Redis answers', async () => {
    expect((await call(limited, 'POST', '/api/orders/execute', ORDER)).status).toBe(202);
    expect((await call(free, 'POST', '/api/ws-tickets')).status).toBe(201);
    expect(await firstMessage(`${free.wsUrl}/ws/orders/${orderId}`)).toMatchObject({ orderId, seq: 1, status: 'pending' });
  });

  it('paused (a hang): 503 where Redis is needed, within its timeout; 202 and 200 where it is not; then recovers', async () => {
    redis.pause();
    try {
      const accepted = await call(free, 'POST', '/api/orders/execute', ORDER);
      expect(accepted.status).toBe(202);
      expect(accepted.ms).toBeLessThan(BOUND_MS);
      expect((await call(free, 'GET', `/api/orders/${orderId}`)).status).toBe(200);
      expect((await call(free, 'GET', `/api/orders/${accepted.body.orderId}`)).body).toMatchObject({ status: 'pending' });
      expect((await call(free, 'GET', '/api/orders?limit=3')).status).toBe(200);

      expectRedisUnavailable(await call(limited, 'POST', '/api/orders/execute', ORDER));
      expectRedisUnavailable(await call(limited, 'GET', `/api/orders/${orderId}`));
      expectRedisUnavailable(await call(free, 'POST', '/api/ws-tickets'));

      const health = await call(free, 'GET', '/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ down: ['redis'] });
      expect(health.ms).toBeLessThan(BOUND_MS);

      // A WebSocket cannot get live events: told so, with the code, and closed 1013 (try again later).
      const started = Date.now();
      const stream = await recordUntilClose(`${free.wsUrl}/ws/orders/${orderId}`, 10_000);
      expect(stream.closeCode).toBe(1013);
      expect(stream.messages).toEqual([expect.objectContaining({ orderId, code: 'DEPENDENCY_UNAVAILABLE', dependency: 'redis' })]);
      expect(Date.now() - started).toBeLessThan(BOUND_MS);
    } finally {
      redis.resume();
    }

    await until('limited accept after SIGCONT', async () => (await call(limited, 'POST', '/api/orders/execute', ORDER)).status, 202, {
      deadlineMs: 10_000,
      everyMs: 100,
    });
    expect((await call(free, 'POST', '/api/ws-tickets')).status).toBe(201);
    expect((await call(free, 'GET', '/health')).status).toBe(200);
    await until(
      'a stream after SIGCONT',
      async () => (await firstMessage(`${free.wsUrl}/ws/orders/${orderId}`).catch((): Record<string, unknown> => ({}))).status,
      'pending',
      { deadlineMs: 10_000, everyMs: 200 },
    );
  }, 60_000);

  it('killed: 503 where Redis is needed, 202 where it is not, never 500; then restarted, recovers without a restart of the api', async () => {
    await redis.kill();
    const answers = [
      await call(free, 'POST', '/api/orders/execute', ORDER),
      await call(free, 'GET', `/api/orders/${orderId}`),
      await call(limited, 'POST', '/api/orders/execute', ORDER),
      await call(free, 'POST', '/api/ws-tickets'),
    ];
    expect(answers.map((a) => a.status)).toEqual([202, 200, 503, 503]);
    expectRedisUnavailable(answers[2]);
    expectRedisUnavailable(answers[3]);
    const stream = await recordUntilClose(`${free.wsUrl}/ws/orders/${orderId}`, 10_000);
    expect(stream.closeCode).toBe(1013);

    await redis.start();
    await until('limited accept after restart', async () => (await call(limited, 'POST', '/api/orders/execute', ORDER)).status, 202, {
      deadlineMs: 15_000,
      everyMs: 200,
    });
    expect((await call(free, 'POST', '/api/ws-tickets')).status).toBe(201);
    await until(
      'a stream after restart',
      async () => (await firstMessage(`${free.wsUrl}/ws/orders/${orderId}`).catch((): Record<string, unknown> => ({}))).status,
      'pending',
      { deadlineMs: 15_000, everyMs: 200 },
    );
  }, 60_000);
});
