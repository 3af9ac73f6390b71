import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { loadEnvironment } from '@app/config';
import { ProcessLifecycle } from '@app/observability';
import { captureLogs as logCapture } from '@app/observability/testing/log-capture';
import { createApiApp } from '../apps/api/src/setup-app';
import { startEngine, testDb } from './support/engine';
import { RoleProcess, startRole } from './support/processes';
import { applyTestEnv } from './support/test-env';
import { until } from './support/wait';
import { recordUntilClose } from './support/ws-client';


/** The value of one series in a Prometheus text exposition, 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('observability: metrics, logs and probes of the api', () => {
  const logs = logCapture();
  let app: NestFastifyApplication;
  let base: string;
  let db: Client;

  beforeAll(async () => {
    db = await testDb();
    // The next order placed fails its first attempt (a passing fault) and succeeds on the retry.
    const { rows } = await db.query('SELECT last_value, is_called FROM orders_number_seq');
    const next = Number(rows[0].last_value) + (rows[0].is_called ? 1 : 0);
    applyTestEnv({ LOG_LEVEL: 'debug', LOG_FORMAT: 'json', SIM_FAIL_ORDERS: `${next}=SLIPPAGE_EXCEEDED:1` });
    app = await createApiApp(loadEnvironment(), { logDestination: logs.stream });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  let orderId: string;

  it('counts a real order on /metrics: accepted, retried, its latency to each status, confirmed, its route', async () => {
    const res = await request(base)
      .post('/api/orders/execute')
      .set('X-Request-Id', 'place-order-1')
      .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1.5' })
      .expect(202);
    orderId = res.body.orderId;
    const { messages } = await recordUntilClose(`${base.replace('http', 'ws')}/ws/orders/${orderId}`);
    expect(messages.map((m) => `${m.status}:${m.attempt}`)).toEqual([
      'pending:0', 'routing:1', 'building:1', 'submitted:1', 'routing:2', 'building:2', 'submitted:2', 'confirmed:2',
    ]);

    const scrape = await request(base).get('/metrics').expect(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = scrape.text;
    expect(sample(text, 'engine_orders_accepted_total{type="market"}')).toBe(1);
    expect(sample(text, 'engine_orders_terminal_total{type="market",status="confirmed",code="none"}')).toBe(1);
    expect(sample(text, 'engine_order_retries_total{cause="SLIPPAGE_EXCEEDED"}')).toBe(1);
    expect(sample(text, 'engine_order_status_seconds_count{type="market",status="routing"}')).toBe(2);
    expect(sample(text, 'engine_order_status_seconds_count{type="market",status="confirmed"}')).toBe(1);
    expect(sample(text, 'engine_order_status_seconds_count{type="market",status="submitted"}')).toBe(2);
    expect(sample(text, 'engine_ws_messages_sent_total')).toBe(8);
    const routes = ['single', 'split', 'two-hop', 'multi-hop'].map((k) => sample(text, `engine_routes_chosen_total{kind="${k}"}`));
    expect(routes.reduce((a, b) => a + b)).toBe(2);
    expect(text).toMatch(/^engine_route_venues_total\{venue="(raydium|meteora)"\} [12]$/m);
    const confirmedAfter = sample(text, 'engine_order_status_seconds_sum{type="market",status="confirmed"}');
    expect(confirmedAfter).toBeGreaterThan(0);
    expect(confirmedAfter).toBeLessThan(30);
    expect(sample(text, 'engine_http_request_duration_seconds_count{method="POST",route="/api/orders/execute",status="202"}')).toBe(1);
    for (const state of ['waiting', 'prioritized', 'active', 'delayed']) expect(text).toContain(`engine_queue_jobs{state="${state}"} `);
    expect(sample(text, 'engine_pg_pool_connections{state="total"}')).toBeGreaterThan(0);
    expect(text).toMatch(/^engine_group_commit_batch_size_count\{group="order inserts"\} [1-9]/m);
    expect(text).toContain('process_resident_memory_bytes');
    // No order id, amount or account anywhere in the labels.
    expect(text).not.toContain(orderId);
    expect(text).not.toContain('1.5');
  });

  it('labels requests by route pattern, never by URL', async () => {
    await request(base).get(`/api/orders/${orderId}`).expect(200);
    await request(base).get('/api/orders/00000000-0000-4000-8000-000000000000').expect(404);
    await request(base).get('/no/such/path/42').expect(404);
    const { text } = await request(base).get('/metrics').expect(200);
    expect(sample(text, 'engine_http_request_duration_seconds_count{method="GET",route="/api/orders/:id",status="200"}')).toBe(1);
    expect(sample(text, 'engine_http_request_duration_seconds_count{method="GET",route="/api/orders/:id",status="404"}')).toBe(1);
    expect(sample(text, 'engine_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(text).not.toContain('/no/such/path');
  });

  it('returns a request id on every answer: the client\'s when it is plain, a new one otherwise', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const echoed = await request(base).get('/health').set('X-Request-Id', 'trace-abc.1').expect(200);
    expect(echoed.headers['x-request-id']).toBe('trace-abc.1');
    const replaced = await request(base).get('/health').set('X-Request-Id', 'bad id <script>').expect(200);
    expect(replaced.headers['x-request-id']).toMatch(uuid);
    const answers = [
      await request(base).get('/nowhere').expect(404),
      await request(base).post('/api/orders/execute').send({ tokenIn: 'SOL' }).expect(400),
      await request(base).post('/api/orders/execute').set('content-type', 'application/json').send(`{"a":"${'x'.repeat(20000)}"}`).expect(413),
      await request(base).get(`/api/orders?x=${'y'.repeat(3000)}`).expect(414),
    ];
    for (const answer of answers) expect(answer.headers['x-request-id']).toMatch(uuid);
    const kept = await request(base).get('/nowhere').set('X-Request-Id', 'mine-404').expect(404);
    expect(kept.headers['x-request-id']).toBe('mine-404');
  });

  it('logs JSON lines: the request id on a request\'s line, the order id and attempt on execution lines, no key or ticket', async () => {
    await request(base)
      .get(`/api/orders/${orderId}?ticket=tk_very_secret_ticket`)
      .set('X-Request-Id', 'with-secrets')
      .set('Authorization', 'Bearer sk_secret_bearer_key')
      .set('X-API-Key', 'sk_secret_header_key')
      .set('Cookie', 'session=sk_secret_cookie');
    await until('the request line', () => logs.lines().some((l) => l.requestId === 'with-secrets'), true);
    const lines = logs.lines();
    const placed = lines.find((l) => l.requestId === 'place-order-1');
    expect(placed).toMatchObject({
      level: 'info', msg: 'request completed', method: 'POST', route: '/api/orders/execute', statusCode: 202,
      durationMs: expect.any(Number),
    });
    const secret = lines.find((l) => l.requestId === 'with-secrets');
    expect(secret).toMatchObject({ url: expect.stringContaining('ticket=…'), route: '/api/orders/:id' });
    expect(logs.text()).not.toMatch(/tk_very_secret|sk_secret/);

    const ofOrder = lines.filter((l) => l.orderId === orderId);
    // The failed first attempt (processor) and every step of both attempts (debug).
    expect(ofOrder).toContainEqual(expect.objectContaining({ level: 'warn', attempt: 1, msg: expect.stringContaining('attempt 1 of 3 failed') }));
    expect(ofOrder.filter((l) => l.level === 'debug').map((l) => [l.attempt, l.msg])).toEqual(
      expect.arrayContaining([
        [1, `order ${orderId} is routing`],
        [2, `order ${orderId} is routing`],
        [2, `order ${orderId} is confirmed`],
      ]),
    );
    for (const line of ofOrder) expect(line.attempt).toEqual(expect.any(Number));
  });

  it('answers liveness and readiness, and readiness 503 once draining while /health keeps its contract', async () => {
    expect((await request(base).get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    expect((await request(base).get('/health/ready').expect(200)).body).toEqual({ status: 'ready', checks: { postgres: 'up', redis: 'up' } });
    app.get(ProcessLifecycle).startDraining();
    const ready = await request(base).get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({ status: 'draining', code: 'DRAINING' });
    expect((await request(base).get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    expect((await request(base).get('/health').expect(200)).body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
  });
});

describe('observability while the api stops (a worker in the process draining)', () => {
  it('answers readiness 503 DRAINING and liveness 200 while new orders get SHUTTING_DOWN', async () => {
    // Realistic latency: the running order keeps the drain, and the server, open for a while.
    const engine = await startEngine({ RUN_WORKER: 'true', SIM_LATENCY: 'realistic', SHUTDOWN_TIMEOUT_MS: '10000' });
    const db = await testDb();
    try {
      const placed = await request(engine.baseUrl).post('/api/orders/execute').send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' });
      expect(placed.status).toBe(202);
      const status = async () => (await db.query('SELECT status FROM orders WHERE id = $1', [placed.body.orderId])).rows[0]?.status;
      await until('the order running', async () => ['routing', 'building', 'submitted'].includes(await status()), true, { deadlineMs: 15_000, everyMs: 5 });
      const closing = engine.close();
      const get = (path: string) => fetch(`${engine.baseUrl}${path}`).then(async (res) => ({ status: res.status, body: await res.json() }));
      const ready = await get('/health/ready');
      expect(ready).toMatchObject({ status: 503, body: { status: 'draining', code: 'DRAINING' } });
      expect(await get('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
      const order = await fetch(`${engine.baseUrl}/api/orders/execute`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'during-stop' },
        body: JSON.stringify({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' }),
      });
      expect(order.status).toBe(503);
      expect(order.headers.get('x-request-id')).toBe('during-stop');
      expect(await order.json()).toMatchObject({ code: 'SHUTTING_DOWN' });
      await closing;
      expect(await status()).toBe('confirmed');
    } finally {
      await db.end();
    }
  }, 40_000);
});

describe('observability with METRICS_ENABLED=false', () => {
  it('collects nothing and answers /metrics with 404', async () => {
    const engine = await startEngine({ METRICS_ENABLED: 'false' });
    try {
      const res = await request(engine.baseUrl).get('/metrics').expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    } finally {
      await engine.close();
    }
  });
});

describe('observability of a worker run alone (built processes)', () => {
  const apiPort = 3420;
  const workerPort = 3421;
  const workerBase = `http://127.0.0.1:${workerPort}`;
  let api: RoleProcess;
  let worker: RoleProcess;

  beforeAll(async () => {
    [api, worker] = await Promise.all([
      startRole('api', { PORT: String(apiPort), HOST: '127.0.0.1', RUN_WORKER: 'false', LOG_FORMAT: 'json' }, /listening on/),
      // Realistic latency: an order takes seconds, long enough to SIGTERM the worker in the middle of one.
      startRole('worker', { WORKER_HTTP_PORT: String(workerPort), HOST: '127.0.0.1', SIM_LATENCY: 'realistic', LOG_FORMAT: 'json' }, /worker running/),
    ]);
  }, 40_000);

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
  });

  it('serves /metrics and its probes on WORKER_HTTP_PORT, then readiness 503 from SIGTERM until it exits', async () => {
    expect((await request(workerBase).get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    expect((await request(workerBase).get('/health/ready').expect(200)).body).toMatchObject({ status: 'ready' });
    await request(workerBase).get('/nothing').expect(404);
    await request(workerBase).post('/metrics').expect(405);

    const placed = await request(`http://127.0.0.1:${apiPort}`)
      .post('/api/orders/execute')
      .send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' })
      .expect(202);
    const orderId = placed.body.orderId as string;
    const db = await testDb();
    try {
      // Routed (its route counted) and still running: scrape, then SIGTERM in the middle of the order.
      const status = async () => (await db.query('SELECT status FROM orders WHERE id = $1', [orderId])).rows[0]?.status;
      await until('the order routed', async () => ['building', 'submitted'].includes(await status()), true, { deadlineMs: 15_000, everyMs: 5 });
      const { text } = await request(workerBase).get('/metrics').expect(200);
      expect(text).toMatch(/^engine_routes_chosen_total\{kind="[a-z-]+"\} 1$/m);
      expect(text).toContain('engine_queue_jobs{state="active"} ');
      expect(text).toContain('engine_pg_pool_connections{state="total"} ');
      // Orders are accepted by the api, not here.
      expect(sample(text, 'engine_orders_accepted_total{type="market"}')).toBe(0);
      worker.child.kill('SIGTERM');
      // The signal reaches the worker's event loop a moment after kill() returns.
      const readyStatus = async () => (await request(workerBase).get('/health/ready')).status;
      await until('readiness 503 after SIGTERM', readyStatus, 503, { deadlineMs: 1000, everyMs: 10 });
      const ready = await request(workerBase).get('/health/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 'draining', code: 'DRAINING' });
      expect((await request(workerBase).get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
      // The drain lets the running order finish before the worker exits.
      await until('the order confirmed', status, 'confirmed', { deadlineMs: 20_000 });
    } catch (err) {
      throw new Error(`${(err as Error).message}\nworker output:\n${worker.output().slice(-3000)}`);
    } finally {
      await db.end();
    }
    // Exited already (by its code, or by the signal Nest sends itself again once closed), or soon.
    const { child } = worker;
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    await new Promise<void>((resolve) => (exited() ? resolve() : child.once('exit', () => resolve())));
    expect(child.exitCode === 0 || child.signalCode === 'SIGTERM').toBe(true);
  }, 60_000);
});
