import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { EXAMPLE_REQUESTS_EXTENSION, ExampleRequest } from '@app/common';

/** The version of the HTTP and WebSocket contract the documents describe. */
export const API_VERSION = '1.0.0';

const DESCRIPTION = `
An order execution engine for DEX swaps: place market, limit, stop and sniper orders, follow each
one live over a WebSocket (messages: [AsyncAPI document](/docs/asyncapi.json)), quote without
placing. Amounts are decimal strings in token units.

**Keys.** In \`AUTH_MODE=open\` (the default) a request without a key acts as the built-in account
\`public\`; in \`AUTH_MODE=required\` every route but \`GET /health\` needs one, as
\`Authorization: Bearer <key>\` or \`X-API-Key: <key>\`. Everything is scoped to the key's account.

**Errors.** Every error body has \`statusCode\`, a stable \`code\` and a \`message\`; each route
lists the codes it answers. Any request may also meet the edge's answers before it reaches a route:
404 \`NOT_FOUND\` (no such route or method), 405 \`METHOD_NOT_ALLOWED\` (CONNECT), 408
\`REQUEST_TIMEOUT\`, 414 \`URI_TOO_LONG\`, 417 \`EXPECTATION_FAILED\`, 431 \`HEADERS_TOO_LARGE\`.
Every response carries \`Cache-Control: no-store\`.

**Examples.** Each route's examples (\`${EXAMPLE_REQUESTS_EXTENSION}\`, also shown as its body and
parameter examples) are requests the engine's contract test sends to a running engine: each gets
the status it names and an answer that fits the schema documented here.
`.trim();

const TAGS = [
  { name: 'Orders', description: 'Place, read, list and cancel orders.' },
  { name: 'Quotes', description: 'What an order would get now.' },
  {
    name: 'Launches',
    description:
      'Token launches on the simulated launchpad. `POST /api/sim/launches` exists only when the engine runs with ' +
      '`SIM_LAUNCHES_API=true`, and this document lists it only then.',
  },
  {
    name: 'WebSocket',
    description:
      'Order status streams. `/ws/orders/{orderId}` and `/api/orders/execute?orderId=` are WebSocket upgrades (a plain GET ' +
      'answers 426); their messages are in the [AsyncAPI document](/docs/asyncapi.json).',
  },
  { name: 'Health', description: 'For load balancers and orchestrators.' },
];

type Operation = Record<string, unknown> & {
  parameters?: Array<{ name: string; in: string; examples?: Record<string, unknown> }>;
  requestBody?: { content?: Record<string, { examples?: Record<string, unknown> }> };
};

/**
 * The OpenAPI 3 document of the api, generated from the controllers' and DTOs' decorators once, at
 * start. Only what the app serves is in it (so POST /api/sim/launches only with SIM_LAUNCHES_API).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('DEX order execution engine')
    .setDescription(DESCRIPTION)
    .setVersion(API_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key (`npm run keys -- create`), as a bearer token.' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same key, in its own header.' }, 'apiKey')
    // `{}`: no key at all is accepted too (AUTH_MODE=open, the default).
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('apiKey')
    .build();
  config.security = [{}, ...(config.security ?? [])];
  config.tags = TAGS;
  const document = SwaggerModule.createDocument(app, config);
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as Operation[]) spreadExamples(operation);
  }
  return document;
}

/**
 * Copies a route's example requests to where OpenAPI tools look for examples: the request body's
 * and each parameter's `examples`, under the same names.
 */
function spreadExamples(operation: Operation): void {
  const examples = operation[EXAMPLE_REQUESTS_EXTENSION] as Record<string, ExampleRequest> | undefined;
  if (!examples) return;
  for (const [name, example] of Object.entries(examples)) {
    const summary = `${example.summary} (${example.status})`;
    const body = operation.requestBody?.content?.['application/json'];
    if (body && example.body !== undefined) body.examples = { ...body.examples, [name]: { summary, value: example.body } };
    for (const parameter of operation.parameters ?? []) {
      const source = parameter.in === 'path' ? example.params : parameter.in === 'query' ? example.query : example.headers;
      const value = source?.[parameter.name];
      if (value !== undefined) parameter.examples = { ...parameter.examples, [name]: { summary, value } };
    }
  }
}
