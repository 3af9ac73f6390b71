import { EXAMPLE_FIXTURES, ExampleRequest } from '@app/common';
import { answerValidator, dereference, Schema, toJsonSchema } from './contract';
import { until } from './wait';

/* Sending a document's example requests to a running engine, and checking the answers. */

export type Operation = Schema & {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { headers?: Record<string, { required?: boolean }>; content?: Record<string, { schema: Schema }> }>;
  'x-example-requests'?: Record<string, ExampleRequest>;
};
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/** A confirmed order, a waiting limit order and an announced launch, for the examples that name them. */
export async function createFixtures(baseUrl: string): Promise<Record<string, string>> {
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

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(
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
  const json = (res.headers.get('content-type') ?? '').startsWith('application/json');
  return { status: res.status, headers: res.headers, body: json && text ? JSON.parse(text) : text || undefined };
}

const validator = answerValidator();
const brief = (body: unknown) => JSON.stringify(body)?.slice(0, 600);

/** Sends one example request; what is wrong with the answer, or undefined. */
export async function checkExample(
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
  const media = Object.keys(documented.content ?? {});
  const type = (answer.headers.get('content-type') ?? '').split(';')[0];
  if (!media.includes(type)) return `answered ${type || 'no body'}, documented [${media}]`;
  // A body other than JSON (text/plain, say) is held to its media type only.
  const schema = documented.content?.['application/json']?.schema;
  if (type !== 'application/json' || !schema) return undefined;
  const validate = validator(dereference(toJsonSchema(schema), schemas));
  if (!validate(answer.body)) return `the answer does not fit the schema: ${JSON.stringify(validate.errors)} in ${brief(answer.body)}`;
  return undefined;
}

