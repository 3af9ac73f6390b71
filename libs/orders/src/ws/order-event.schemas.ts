import { ORDER_STATUSES, OrderStatus } from '../domain/order-status';

/**
 * JSON Schemas (draft-07, as AsyncAPI 3 takes them) of every message the order streams send: the
 * one place they are written, for the AsyncAPI document (/docs/asyncapi.json), the contract test
 * and any other stream of the same events. `$ref`s name the OpenAPI document's components (the
 * quote's legs and fees), which the AsyncAPI document carries too. Objects are closed
 * (`additionalProperties: false`): a detail the engine starts sending must be written here first,
 * or the contract test fails.
 */
export type JsonSchema = Record<string, unknown>;

/** Where the `$ref`s below point: components of the OpenAPI document, copied into the AsyncAPI one. */
export const SHARED_COMPONENTS = [
  'RouteLegResponse', 'NetworkFeeResponse', 'AutoFeeResponse', 'RouteCandidateResponse', 'CandidateLegResponse', 'CandidateErrorResponse',
];

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string): JsonSchema => ({ type: 'string', ...(description ? { description } : {}) });
const int = (description?: string): JsonSchema => ({ type: 'integer', ...(description ? { description } : {}) });
const nullable = (schema: JsonSchema): JsonSchema => ({ ...schema, type: [schema.type as string, 'null'] });
const dateTime = (description?: string): JsonSchema => ({ ...str(description), format: 'date-time' });
const closed = (properties: Record<string, JsonSchema>, required: string[]): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

/** What every status event carries. */
const CORE: Record<string, JsonSchema> = {
  orderId: { type: 'string', format: 'uuid' },
  seq: { type: 'integer', minimum: 1, description: 'Counts the order\'s events from 1, without gaps: de-duplicate on it.' },
  attempt: { type: 'integer', minimum: 0, description: '0 for pending, then 1, 2, 3 for each execution attempt.' },
  at: dateTime('When the status was written.'),
};

function event(status: OrderStatus, description: string, details: Record<string, JsonSchema>, required: string[]): JsonSchema {
  const schema = closed({ ...CORE, status: { type: 'string', const: status }, ...details }, [
    'orderId', 'seq', 'status', 'attempt', 'at', ...required,
  ]);
  return { title: `${status} event`, description, ...schema };
}

const WHY = closed({ code: str('An error code (SLIPPAGE_EXCEEDED, PRICE_MOVED, …).'), message: nullable(str()) }, ['code', 'message']);

const EXPIRES_AT = nullable(dateTime('When the order expires if still waiting; null without expiry.'));

const WAITING_FOR_PRICE: Record<string, JsonSchema> = {
  type: { type: 'string', enum: ['limit', 'stop'] },
  triggerPrice: nullable(str('tokenOut per tokenIn.')),
  currentPrice: str('The market price now (one whole tokenIn, after fees).'),
  distanceBps: nullable(int('Market minus trigger, in bps of the trigger: negative under it.')),
  minAmountOut: str('A limit\'s floor for its whole size, in tokenOut units.'),
  expiresAt: EXPIRES_AT,
  waitingAgainBecause: WHY,
};

const WAITING_FOR_LAUNCH: Record<string, JsonSchema> = {
  type: { type: 'string', const: 'sniper' },
  launch: closed(
    { symbol: str(), mint: str(), launchAt: nullable(dateTime()), launchSlot: nullable(int()) },
    ['symbol', 'mint', 'launchAt', 'launchSlot'],
  ),
  maxPrice: str('The most SOL per token.'),
  expiresAt: EXPIRES_AT,
  waitingAgainBecause: WHY,
};

const TRIGGER = closed(
  {
    type: { type: 'string', enum: ['limit', 'stop', 'sniper'] },
    triggerPrice: str(),
    maxPrice: str(),
    launch: closed({ symbol: str(), solAhead: str('The SOL of the snipers queued ahead of this one.') }, ['symbol', 'solAhead']),
    triggeredAt: nullable(dateTime()),
  },
  ['type', 'triggeredAt'],
);

const ROUTING: Record<string, JsonSchema> = {
  venue: str('The route\'s label.'),
  tokenIn: str(),
  tokenOut: str(),
  inAmount: str(),
  outAmount: str('After venue fees, before slippage.'),
  minAmountOut: str(),
  slippageBps: int(),
  priceImpactBps: int(),
  route: str(),
  kind: { type: 'string', enum: ['single', 'split', 'two-hop', 'multi-hop'] },
  hops: int(),
  routePlan: { type: 'array', items: ref('RouteLegResponse') },
  networkFee: ref('NetworkFeeResponse'),
  reason: str(),
  gainBps: nullable({ type: 'number' }),
  candidates: { type: 'array', items: ref('RouteCandidateResponse') },
  quotedAt: dateTime(),
  expiresAt: dateTime('When the quote goes stale.'),
  retryOf: WHY,
  trigger: TRIGGER,
};

const LAMPORTS = (description?: string) => str(description);

const BUILDING: Record<string, JsonSchema> = {
  venue: str(),
  kind: { type: 'string', enum: ['single', 'split', 'two-hop', 'multi-hop'] },
  quotedOut: str(),
  minAmountOut: str('The least the transaction accepts, fixed now from the slippage.'),
  slippageBps: int(),
  computeUnits: int(),
  feeLamports: LAMPORTS('Signature + priority fee + tip.'),
  computeUnitPriceMicroLamports: str(),
  priorityFeeLamports: LAMPORTS(),
  jitoTipLamports: LAMPORTS('With a tip.'),
  blockhash: str(),
  lastValidSlot: int(),
  steps: { type: 'array', items: str(), description: 'The transaction\'s instructions, for people.' },
};

const CONFIRMED: Record<string, JsonSchema> = {
  txHash: str('The base58 signature.'),
  venue: str(),
  amountIn: str(),
  amountOut: str(),
  minAmountOut: str(),
  price: str('Output per input, 9 decimals.'),
  realizedSlippageBps: int('Shortfall of amountOut from the quote; negative when the market moved in your favour.'),
  slot: int(),
  feeLamports: LAMPORTS(),
  priorityFeeLamports: LAMPORTS(),
  jitoTipLamports: LAMPORTS('With a tip.'),
  bundle: { type: 'boolean', description: 'With a tip: whether it landed as a bundle.' },
  sendTimedOut: { type: 'boolean', const: true, description: 'The send had timed out and the signature was found by polling.' },
};

/** Every status event's schema, by status. */
export const ORDER_EVENT_SCHEMAS: Record<OrderStatus, JsonSchema> = {
  pending: event('pending', 'The order is stored and queued.', {}, []),
  waiting: {
    title: 'waiting event',
    description: 'A limit, stop or sniper order waits for its trigger (again, after an attempt, with waitingAgainBecause).',
    oneOf: [
      event('waiting', 'A limit or stop order waits for its price.', WAITING_FOR_PRICE, [
        'type', 'triggerPrice', 'currentPrice', 'distanceBps', 'expiresAt',
      ]),
      event('waiting', 'A sniper order waits for its launch.', WAITING_FOR_LAUNCH, ['type', 'launch', 'expiresAt']),
    ],
  },
  routing: event('routing', 'The quote the attempt routes with (as GET /api/quotes shows it).', ROUTING, [
    'venue', 'tokenIn', 'tokenOut', 'inAmount', 'outAmount', 'minAmountOut', 'slippageBps', 'priceImpactBps', 'route', 'kind',
    'hops', 'routePlan', 'networkFee', 'reason', 'gainBps', 'candidates', 'quotedAt', 'expiresAt',
  ]),
  building: event('building', 'The transaction is built: its minimum output, fees and instructions.', BUILDING, [
    'venue', 'kind', 'quotedOut', 'minAmountOut', 'slippageBps', 'computeUnits', 'feeLamports', 'computeUnitPriceMicroLamports',
    'priorityFeeLamports', 'blockhash', 'lastValidSlot', 'steps',
  ]),
  submitted: event(
    'submitted',
    'Signed and written before it is sent.',
    { txHash: str('The base58 signature.'), venue: str(), slot: int() },
    ['txHash', 'venue', 'slot'],
  ),
  confirmed: event('confirmed', 'Landed: what the swap paid out.', CONFIRMED, [
    'txHash', 'venue', 'amountIn', 'amountOut', 'minAmountOut', 'price', 'realizedSlippageBps', 'slot', 'feeLamports',
    'priorityFeeLamports',
  ]),
  failed: event(
    'failed',
    'The order failed; `attempt` is the attempt that failed.',
    {
      error: str('The message.'),
      code: str('The failure code (see the README\'s failure codes).'),
      retryable: { type: 'boolean' },
      attempts: int(),
    },
    ['error', 'code', 'retryable', 'attempts'],
  ),
  cancelled: event('cancelled', 'Cancelled by the account before it was submitted.', { reason: str() }, ['reason']),
  expired: event('expired', 'Still waiting at expiresAt.', { expiresAt: dateTime() }, ['expiresAt']),
};

/**
 * The message sent before the server closes a stream it cannot serve: 4400, 4404, or 1013 when
 * Postgres or Redis does not answer.
 */
export const ORDER_STREAM_ERROR_SCHEMA: JsonSchema = {
  title: 'stream error',
  description:
    'Sent before the close: 4400 with INVALID_ORDER_ID (the id is not a UUID), 4404 with ORDER_NOT_FOUND, ' +
    '1013 with DEPENDENCY_UNAVAILABLE (Postgres or Redis did not answer: reconnect after retryAfter seconds).',
  ...closed(
    {
      orderId: str('The id as the client gave it (absent when it gave none).'),
      error: str('The message.'),
      code: { type: 'string', enum: ['INVALID_ORDER_ID', 'ORDER_NOT_FOUND', 'DEPENDENCY_UNAVAILABLE'] },
      dependency: { type: 'string', enum: ['postgres', 'redis'], description: 'With DEPENDENCY_UNAVAILABLE.' },
      retryAfter: { type: 'integer', minimum: 0, description: 'With DEPENDENCY_UNAVAILABLE: seconds to wait.' },
    },
    ['error', 'code'],
  ),
};

/** The statuses in stream order, for documents that list the events. */
export const STREAMED_STATUSES: readonly OrderStatus[] = ORDER_STATUSES;
