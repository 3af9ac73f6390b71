import { OpenAPIObject } from '@nestjs/swagger';
import { ORDER_EVENT_SCHEMAS, ORDER_STREAM_ERROR_SCHEMA, SHARED_COMPONENTS, STREAMED_STATUSES } from '@app/orders';
import { API_VERSION } from './openapi-document';

const STREAM = `
Sends every stored event of the order in \`seq\` order, then live events as they happen, none
twice and none missing, and closes after the terminal event (confirmed, failed, cancelled,
expired). A client that connects late or reconnects gets the whole history again: de-duplicate on
\`seq\`. Authenticate the upgrade like any request (\`Authorization: Bearer\` or \`X-API-Key\`) or
with \`?ticket=\` (POST /api/ws-tickets). Clients have nothing to send: their messages are ignored.

Close codes: 1000 after the terminal event; 4400 the id is not a UUID (after a stream error message
INVALID_ORDER_ID); 4404 no such order in the account (after ORDER_NOT_FOUND); 4408 the client
stopped reading (over 1 MiB unsent); 4429 the client sent too much; 1009 a client message over
4 KiB; 1008 one in over 64 fragments; 1007 invalid UTF-8; 1002 a protocol error; 1011 the engine
could not read the order's events (reconnect later); 1013 Postgres or Redis did not answer (after
a DEPENDENCY_UNAVAILABLE stream error with retryAfter; reconnect then). Refused upgrades get an HTTP answer with the
error body of the OpenAPI document: 401, 404, 414, 503 TOO_MANY_CONNECTIONS or
DEPENDENCY_UNAVAILABLE (with Retry-After), 400 or 405 for a malformed handshake. The server pings
every WS_HEARTBEAT_MS and drops a client that did not answer the previous ping.
`.trim();

const messageName = (status: string) => `${status}Event`;

/**
 * The AsyncAPI 3 document of the order streams, built once at start from the event schemas
 * (libs/orders/src/ws/order-event.schemas.ts) and the OpenAPI components they reference.
 */
export function buildAsyncApiDocument(openapi: OpenAPIObject): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (const name of SHARED_COMPONENTS) {
    const schema = openapi.components?.schemas?.[name];
    if (!schema) throw new Error(`the OpenAPI document has no component ${name}, which the event schemas reference`);
    schemas[name] = schema;
  }
  const messages: Record<string, unknown> = {};
  for (const status of STREAMED_STATUSES) {
    schemas[messageName(status)] = ORDER_EVENT_SCHEMAS[status];
    messages[messageName(status)] = {
      name: messageName(status),
      title: `${status}`,
      summary: (ORDER_EVENT_SCHEMAS[status] as { description?: string }).description,
      contentType: 'application/json',
      payload: { $ref: `#/components/schemas/${messageName(status)}` },
    };
  }
  schemas.streamError = ORDER_STREAM_ERROR_SCHEMA;
  messages.streamError = {
    name: 'streamError',
    title: 'stream error',
    summary: 'Why the stream is refused; the close follows.',
    contentType: 'application/json',
    payload: { $ref: '#/components/schemas/streamError' },
  };
  const channelMessages = Object.fromEntries(Object.keys(messages).map((name) => [name, { $ref: `#/components/messages/${name}` }]));
  const ticket = { type: 'string', description: 'A ticket from POST /api/ws-tickets, instead of key headers.' };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'DEX order execution engine: order streams',
      version: API_VERSION,
      description: `Every message an order stream sends. The HTTP API: [/docs/json](/docs/json).\n\n${STREAM}`,
    },
    defaultContentType: 'application/json',
    servers: {
      engine: { host: 'localhost:3000', protocol: 'ws', description: 'An api process of the engine (PORT, default 3000).' },
    },
    channels: {
      orderStream: {
        address: '/ws/orders/{orderId}',
        title: 'An order\'s status stream',
        description: STREAM,
        parameters: { orderId: { description: 'The order id (a UUID).' } },
        messages: channelMessages,
        bindings: { ws: { method: 'GET', query: { type: 'object', properties: { ticket } }, bindingVersion: '0.1.0' } },
      },
      orderStreamAlias: {
        address: '/api/orders/execute',
        title: 'The same stream, on the path orders are posted to',
        description: 'Identical to /ws/orders/{orderId}, with the id in `?orderId=` (none closes with 4400).',
        messages: channelMessages,
        bindings: {
          ws: {
            method: 'GET',
            query: { type: 'object', properties: { orderId: { type: 'string', format: 'uuid' }, ticket }, required: ['orderId'] },
            bindingVersion: '0.1.0',
          },
        },
      },
    },
    operations: {
      streamOrder: {
        action: 'send',
        title: 'The engine sends an order\'s events',
        channel: { $ref: '#/channels/orderStream' },
        messages: Object.keys(messages).map((name) => ({ $ref: `#/channels/orderStream/messages/${name}` })),
      },
      streamOrderAlias: {
        action: 'send',
        title: 'The same, on the alias',
        channel: { $ref: '#/channels/orderStreamAlias' },
        messages: Object.keys(messages).map((name) => ({ $ref: `#/channels/orderStreamAlias/messages/${name}` })),
      },
    },
    components: { schemas, messages },
  };
}
