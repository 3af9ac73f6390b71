import SwaggerParser from '@apidevtools/swagger-parser';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ValidateFunction } from 'ajv';
import { Client } from 'pg';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { loadEnvironment } from '@app/config';
import { createApiApp, servedRoutesOf } from '../apps/api/src/setup-app';
import { createValidationPipe } from '../apps/api/src/validation.pipe';
import { answerValidator, closeObjects, dereference, jsonSchemas, Schema, substitute } from './support/contract';
import { call, checkExample, createFixtures, OpenApiDocument } from './support/contract-requests';
import { disagreements, requestDtos, validatedProperties } from './support/dto-probes';
import { RunningEngine, startEngine, testDb } from './support/engine';
import { applyTestEnv } from './support/test-env';
import { until } from './support/wait';
import { recordUntilClose } from './support/ws-client';

/**
 * Served routes that are not API, and so not in the OpenAPI document: the documentation itself
 * (Swagger UI's page and assets under /docs, the documents at /docs/json and /docs/asyncapi.json).
 * Fastify's automatic HEAD route of every GET is left out too (it answers as the GET does).
 * Static files served later (a dashboard) belong here, under their prefix.
 */
const NOT_API = [/^HEAD /, /^GET \/docs(\/|$)/];

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const validator = answerValidator();

describe('the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let spec: OpenApiDocument;
  let schemas: Record<string, Schema>;
  const placed: string[] = [];
  const fixtures: Record<string, string> = {};
  let launches: AdHocLaunches;

  beforeAll(async () => {
    launches = await AdHocLaunches.mark();
    applyTestEnv({ SIM_LAUNCHES_API: 'true' });
    app = await createApiApp(loadEnvironment());
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    spec = (await (await fetch(`${baseUrl}/docs/json`)).json()) as OpenApiDocument;
    schemas = jsonSchemas(closeObjects(spec.components.schemas));
    Object.assign(fixtures, await createFixtures(baseUrl));
  }, 60_000);

  afterAll(async () => {
    // The example orders still waiting (limit, stop, sniper) are cancelled: nothing of this suite waits on.
    await call(baseUrl, 'POST', '/api/orders/cancel', { body: { ids: placed } });
    await app.close();
    await launches.removeNew();
  });

  it('is a valid OpenAPI 3 document', async () => {
    await expect(SwaggerParser.validate(structuredClone(spec) as never)).resolves.toBeDefined();
    expect((spec as unknown as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it('documents every route the app serves, and the app serves every route it documents', () => {
    const served = [...servedRoutesOf(app)];
    // The exclusions below are real: the documentation's own routes are among those served.
    expect(served).toEqual(expect.arrayContaining(['GET /docs', 'GET /docs/json', 'GET /docs/asyncapi.json']));
    const servedApi = served.filter((route) => !NOT_API.some((pattern) => pattern.test(route))).sort();
    const documented = Object.entries(spec.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(servedApi);
  });

  it('answers every example request with its documented status and an answer that fits the documented schema', async () => {
    const problems: string[] = [];
    const statuses = new Set<number>();
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const examples = Object.entries(operation['x-example-requests'] ?? {});
        if (!examples.some(([, e]) => e.status < 300 || e.status === 426)) problems.push(`${method} ${path}: no example of its success`);
        for (const [name, example] of examples) {
          const request = substitute(example, fixtures);
          const problem = await checkExample(baseUrl, path, method, operation, request, schemas, placed);
          if (problem) problems.push(`${method.toUpperCase()} ${path} example ${name}: ${problem}`);
          statuses.add(example.status);
        }
      }
    }
    expect(problems).toEqual([]);
    // The errors a client meets most are shown by examples, not only described.
    for (const status of [400, 401, 404, 409, 422, 426]) expect(statuses).toContain(status);
  }, 60_000);

  it('describes each request DTO exactly as the validation pipe enforces it', async () => {
    const pipe = createValidationPipe({ fastPaths: false });
    const targets = requestDtos(app, spec);
    expect(targets.map((t) => t.dto.name).sort()).toEqual([
      'CancelOrdersDto', 'ExecuteOrderDto', 'ListOrdersQuery', 'QuoteQuery', 'ScheduleLaunchDto',
    ]);
    const problems: string[] = [];
    for (const target of targets) {
      const documented = Object.keys(target.properties).sort();
      const validated = validatedProperties(target.dto);
      if (documented.join() !== validated.join()) {
        problems.push(`${target.dto.name}: documented [${documented}] but the pipe accepts [${validated}]`);
      }
      problems.push(...(await disagreements(pipe, target)));
    }
    expect(problems).toEqual([]);
  });

  it('serves Swagger UI whose page and assets load under the policy it is served with', async () => {
    const page = await fetch(`${baseUrl}/docs`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map((m) => new URL(m[1], `${baseUrl}/docs/`));
    expect(assets.map((u) => u.pathname)).toEqual(expect.arrayContaining(['/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js']));
    for (const asset of assets) {
      // Same origin only: the policy allows nothing else, and no CDN is used.
      expect(asset.origin).toBe(baseUrl);
      const answer = await fetch(asset);
      // Read whole: a response left unread keeps its connection busy, and the app's close waits for it.
      const size = (await answer.arrayBuffer()).byteLength;
      expect([asset.pathname, answer.status, size > 0]).toEqual([asset.pathname, 200, true]);
    }
  });

  it('renders in a real browser with no error and no blocked resource', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('requestfailed', (request) => errors.push(`${request.url()}: ${request.failure()?.errorText}`));
      await page.goto(`${baseUrl}/docs`);
      // Swagger UI shows an operation once under each of its tags.
      const operations = Object.values(spec.paths)
        .flatMap((ops) => Object.values(ops))
        .reduce((n, op) => n + ((op.tags as string[] | undefined)?.length ?? 1), 0);
      // One block per documented operation once Swagger UI has read the document and rendered it.
      await page.locator('.opblock').nth(operations - 1).waitFor({ timeout: 15_000 });
      expect(await page.locator('.opblock').count()).toBe(operations);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 40_000);
});

describe('the AsyncAPI document', () => {
  let engine: RunningEngine;
  let db: Client;
  let asyncapi: Schema & { components: { schemas: Record<string, Schema>; messages: Record<string, { payload: Schema }> } };
  let firstNumber: number;
  let launches: AdHocLaunches;

  beforeAll(async () => {
    launches = await AdHocLaunches.mark();
    db = await testDb();
    // The next two orders fail on purpose: the first for good, the second once and then lands.
    const { rows } = await db.query('SELECT last_value, is_called FROM orders_number_seq');
    firstNumber = Number(rows[0].last_value) + (rows[0].is_called ? 1 : 0);
    const failures = `${firstNumber}=NO_ROUTE,${firstNumber + 1}=SLIPPAGE_EXCEEDED:1`;
    engine = await startEngine({ SIM_LAUNCHES_API: 'true', SIM_FAIL_ORDERS: failures });
    asyncapi = (await (await fetch(`${engine.baseUrl}/docs/asyncapi.json`)).json()) as typeof asyncapi;
  });

  afterAll(async () => {
    await db.end();
    await engine.close();
    await launches.removeNew();
  });

  it('is an AsyncAPI 3 document whose references all resolve and whose payloads are valid JSON Schema', () => {
    expect(asyncapi.asyncapi).toBe('3.0.0');
    for (const ref of references(asyncapi)) expect([ref, resolvePointer(asyncapi, ref) !== undefined]).toEqual([ref, true]);
    for (const message of Object.values(asyncapi.components.messages)) {
      expect(() => payloadValidator(asyncapi, message.payload)).not.toThrow();
    }
  });

  it('describes every message an order stream sends, on every path of an order\'s life', async () => {
    const post = async (body: Record<string, unknown>) =>
      (await call(engine.baseUrl, 'POST', '/api/orders/execute', { body })).body.orderId as string;
    const stream = (id: string) => recordUntilClose(`${engine.wsUrl}/ws/orders/${id}`, 20_000);
    const market = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.3' };
    // In this order: the first two numbers fail on purpose (SIM_FAIL_ORDERS).
    const failing = await post(market);
    const retried = await post(market);
    const launch = await call(engine.baseUrl, 'POST', '/api/sim/launches', { body: { inSeconds: 2 } });
    const ids = await Promise.all([
      post({ ...market, priorityFee: 'auto', maxPriorityFeeLamports: 200000, jitoTipLamports: 1000000 }),
      post({ ...market, type: 'limit', triggerPrice: '1' }),
      post({ ...market, type: 'limit', triggerPrice: '1000', expiresIn: 1 }),
      post({ type: 'sniper', tokenIn: 'SOL', tokenOut: launch.body.symbol, amountIn: '0.2', maxPrice: '0.001', priorityFee: 'auto' }),
    ]);
    const stop = await post({ ...market, type: 'stop', triggerPrice: '10' });
    const streams = [failing, retried, ...ids, stop].map(stream);
    await until('the stop order', async () => (await call(engine.baseUrl, 'GET', `/api/orders/${stop}`)).body.status, 'waiting');
    await call(engine.baseUrl, 'POST', `/api/orders/${stop}/cancel`);
    const errors = [stream('not-a-uuid'), stream('00000000-0000-4000-8000-000000000000')];

    const transcripts = await Promise.all([...streams, ...errors]);
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const message of transcripts.flatMap((t) => t.messages)) {
      const name = typeof message.status === 'string' ? `${message.status}Event` : 'streamError';
      seen.add(name);
      const documented = asyncapi.components.messages[name];
      if (!documented) problems.push(`no message ${name} is documented`);
      const validate = payloadValidator(asyncapi, documented.payload);
      if (!validate(message)) problems.push(`${name}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(message).slice(0, 400)}`);
    }
    expect(problems).toEqual([]);
    // Every documented message was met, so every schema was held to a real one.
    expect([...seen].sort()).toEqual(Object.keys(asyncapi.components.messages).sort());
    expect(transcripts[1].messages.some((m) => m.retryOf)).toBe(true);
    expect(transcripts.slice(-2).map((t) => t.closeCode)).toEqual([4400, 4404]);
  }, 60_000);
});

/**
 * The launches the examples make (POST /api/sim/launches) are stored for every process to see; the
 * suites that follow expect none but their own, so they are removed once the engines are closed.
 */
class AdHocLaunches {
  private constructor(private readonly lastSeq: number) {}

  static async mark(): Promise<AdHocLaunches> {
    const { rows } = await withDb((db) => db.query('SELECT coalesce(max(seq), 0) AS seq FROM sim_launches'));
    return new AdHocLaunches(Number(rows[0].seq));
  }

  removeNew(): Promise<void> {
    return withDb(async (db) => void (await db.query('DELETE FROM sim_launches WHERE seq > $1', [this.lastSeq])));
  }
}

async function withDb<T>(use: (db: Client) => Promise<T>): Promise<T> {
  const db = await testDb();
  try {
    return await use(db);
  } finally {
    await db.end();
  }
}

/** Every `$ref` in a document. */
function references(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const own = typeof (node as Schema).$ref === 'string' ? [(node as Schema).$ref as string] : [];
  return [...own, ...Object.values(node).flatMap(references)];
}

function resolvePointer(document: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

const compiled = new Map<Schema, ValidateFunction>();

/** A validator of a message payload, its `$ref`s resolved within the AsyncAPI document. */
function payloadValidator(document: { components: { schemas: Record<string, Schema> } }, payload: Schema): ValidateFunction {
  let validate = compiled.get(payload);
  if (!validate) {
    validate = validator(dereference(payload, jsonSchemas(closeObjects(document.components.schemas))));
    compiled.set(payload, validate);
  }
  return validate;
}
