import SwaggerParser from '@apidevtools/swagger-parser';
import { RequestMethod } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { EXAMPLE_FIXTURES, ExampleRequest } from '@app/common';
import { loadEnvironment } from '@app/config';
import { createApiApp } from '../apps/api/src/setup-app';
import { createValidationPipe } from '../apps/api/src/validation.pipe';
import { answerValidator, closeObjects, dereference, jsonSchemas, Schema, substitute, toJsonSchema } from './support/contract';
import { disagreements, DtoUnderTest, validatedProperties } from './support/dto-probes';
import { recordServedRoutes } from './support/served-routes';
import { applyTestEnv } from './support/test-env';
import { until } from './support/wait';

type Operation = Schema & {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { headers?: Record<string, { required?: boolean }>; content?: Record<string, { schema: Schema }> }>;
  'x-example-requests'?: Record<string, ExampleRequest>;
};
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/**
 * Served routes that are not API, and so not in the OpenAPI document: the documentation itself
 * (Swagger UI's page and assets under /docs, the documents at /docs/json and /docs/asyncapi.json).
 * Fastify's automatic HEAD route of every GET is left out too (it answers as the GET does).
 * Static files served later (a dashboard) belong here, under their prefix.
 */
const NOT_API = [/^HEAD /, /^GET \/docs(\/|$)/];

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let served: Set<string>;
  let spec: Document;
  let schemas: Record<string, Schema>;
  const placed: string[] = [];
  const fixtures: Record<string, string> = {};

  beforeAll(async () => {
    applyTestEnv({ SIM_LAUNCHES_API: 'true' });
    app = await createApiApp(loadEnvironment());
    served = recordServedRoutes(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    spec = (await (await fetch(`${baseUrl}/docs/json`)).json()) as Document;
    schemas = jsonSchemas(closeObjects(spec.components.schemas));
    Object.assign(fixtures, await createFixtures(baseUrl));
  }, 60_000);

  afterAll(async () => {
    // The example orders still waiting (limit, stop, sniper) are cancelled: nothing of this suite waits on.
    await call(baseUrl, 'POST', '/api/orders/cancel', { body: { ids: placed } });
    await app.close();
  });

  it('is a valid OpenAPI 3 document', async () => {
    await expect(SwaggerParser.validate(structuredClone(spec) as never)).resolves.toBeDefined();
    expect((spec as unknown as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it('documents every route the app serves, and the app serves every route it documents', () => {
    const servedApi = [...served].filter((route) => !NOT_API.some((pattern) => pattern.test(route))).sort();
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
    expect(targets.map((t) => t.dto.name).sort()).toEqual(['CancelOrdersDto', 'ExecuteOrderDto', 'ListOrdersQuery', 'QuoteQuery', 'ScheduleLaunchDto']);
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
      expect([asset.pathname, answer.status]).toEqual([asset.pathname, 200]);
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

/** A confirmed order, a waiting limit order and an announced launch, for the examples that name them. */
async function createFixtures(baseUrl: string): Promise<Record<string, string>> {
  const launch = await call(baseUrl, 'POST', '/api/sim/launches', { body: { inSeconds: 3600 } });
  const confirmed = await call(baseUrl, 'POST', '/api/orders/execute', { body: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.5' } });
  const waiting = await call(baseUrl, 'POST', '/api/orders/execute', {
    body: { type: 'limit', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', triggerPrice: '1000' },
  });
  const statusOf = async (id: string) => (await call(baseUrl, 'GET', `/api/orders/${id}`)).body.status;
  await until('the fixture market order', () => statusOf(confirmed.body.orderId), 'confirmed', { deadlineMs: 15_000 });
  await until('the fixture limit order', () => statusOf(waiting.body.orderId), 'waiting', { deadlineMs: 15_000 });
  return {
    [EXAMPLE_FIXTURES.confirmedOrder]: confirmed.body.orderId,
    [EXAMPLE_FIXTURES.waitingOrder]: waiting.body.orderId,
    [EXAMPLE_FIXTURES.announcedLaunch]: launch.body.symbol,
  };
}

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function call(
  baseUrl: string,
  method: string,
  path: string,
  { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const validator = answerValidator();
const brief = (body: unknown) => JSON.stringify(body)?.slice(0, 600);

/** Sends one example request; what is wrong with the answer, or undefined. */
async function checkExample(
  baseUrl: string,
  path: string,
  method: string,
  operation: Operation,
  example: ExampleRequest,
  schemas: Record<string, Schema>,
  placed: string[],
): Promise<string | undefined> {
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(example.params?.[name] ?? `missing-${name}`));
  const query = example.query ? `?${new URLSearchParams(example.query)}` : '';
  const answer = await call(baseUrl, method.toUpperCase(), `${url}${query}`, { body: example.body, headers: example.headers });
  if (answer.status === 202 && answer.body?.orderId) placed.push(answer.body.orderId);
  if (answer.status !== example.status) return `answered ${answer.status}, documented ${example.status}: ${brief(answer.body)}`;
  const documented = operation.responses[String(answer.status)];
  if (!documented) return `status ${answer.status} is not documented`;
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    if (header.required && !answer.headers.has(name)) return `header ${name} is documented as always sent, and missing`;
  }
  const schema = documented.content?.['application/json']?.schema;
  if (!schema) return `status ${answer.status} documents no JSON body`;
  const validate = validator(dereference(toJsonSchema(schema), schemas));
  if (!validate(answer.body)) return `the answer does not fit the schema: ${JSON.stringify(validate.errors)} in ${brief(answer.body)}`;
  return undefined;
}

/**
 * Every DTO a route validates its whole body or query with, found from the controllers' own
 * metadata (so a new route's DTO is checked without being listed here), with its documented schema.
 */
function requestDtos(app: NestFastifyApplication, spec: Document): DtoUnderTest[] {
  const targets: DtoUnderTest[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Function;
      const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined || name === 'constructor') continue;
        const path = `/${[prefix, Reflect.getMetadata(PATH_METADATA, handler) as string].filter((p) => p && p !== '/').join('/')}`;
        const operation = spec.paths[path.replace(/:(\w+)/g, '{$1}')]?.[RequestMethod[method].toLowerCase()];
        if (!operation) throw new Error(`${RequestMethod[method]} ${path} is not documented`);
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number; data?: unknown }>;
        const types = Reflect.getMetadata('design:paramtypes', controller.prototype, name) as Function[];
        for (const [key, arg] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          if ((kind !== RouteParamtypes.BODY && kind !== RouteParamtypes.QUERY) || arg.data !== undefined) continue;
          targets.push(describeDto(types[arg.index], kind === RouteParamtypes.BODY ? 'body' : 'query', operation, spec));
        }
      }
    }
  }
  return targets;
}

function describeDto(dto: Function, location: 'body' | 'query', operation: Operation, spec: Document): DtoUnderTest {
  const base = Object.values(operation['x-example-requests'] ?? {}).find((e) => e.status < 300)?.[location] ?? {};
  if (location === 'query') {
    const parameters = (operation.parameters ?? []).filter((p) => p.in === 'query');
    return {
      dto,
      location,
      properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])),
      required: parameters.filter((p) => p.required).map((p) => p.name),
      base: base as Record<string, unknown>,
    };
  }
  const schema = dereference(operation.requestBody?.content['application/json'].schema, spec.components.schemas) as Schema;
  return {
    dto,
    location,
    properties: (schema.properties ?? {}) as Record<string, Schema>,
    required: (schema.required ?? []) as string[],
    base: base as Record<string, unknown>,
  };
}
