import { EXAMPLE_FIXTURES, EXAMPLE_UNKNOWN_ORDER_ID, ExampleRequest } from '@app/common';

/*
 * Example requests of the orders routes, shown in the OpenAPI document and sent by the contract
 * test (test/openapi-contract.e2e-spec.ts) to a running engine, which must answer each with its
 * status and a body that fits the documented schema. In the order given: an idempotency key's
 * first use comes before its reuse.
 */

const { confirmedOrder, waitingOrder, announcedLaunch } = EXAMPLE_FIXTURES;

export const EXECUTE_EXAMPLES: Record<string, ExampleRequest> = {
  market: {
    summary: 'A market order: sell 1.5 SOL for USDC now, 1% slippage',
    status: 202,
    body: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1.5', slippage: 0.01 },
  },
  marketWithFees: {
    summary: 'A market order with an automatic priority fee (capped) and a Jito tip',
    status: 202,
    body: { tokenIn: 'USDC', tokenOut: 'SOL', amountIn: 250, priorityFee: 'auto', maxPriorityFeeLamports: 200000, jitoTipLamports: 100000 },
  },
  limit: {
    summary: 'A limit order: sell 1 SOL once it fetches 1000 USDC, for an hour',
    status: 202,
    body: { type: 'limit', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', triggerPrice: '1000', expiresIn: 3600 },
  },
  stop: {
    summary: 'A stop order: sell 2 SOL if the price falls to 10 USDC, for a day',
    status: 202,
    body: { type: 'stop', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2', triggerPrice: '10', slippage: 0.02, expiresIn: 86400 },
  },
  sniper: {
    summary: 'A sniper order: buy an announced launch in its first slot with 0.5 SOL, at most 0.000001 SOL a token',
    status: 202,
    body: {
      type: 'sniper',
      tokenIn: 'SOL',
      tokenOut: announcedLaunch,
      amountIn: '0.5',
      maxPrice: '0.000001',
      priorityFee: 'auto',
      jitoTipLamports: 1000000,
      expiresIn: 86400,
    },
  },
  idempotent: {
    summary: 'With an Idempotency-Key: a repeat returns the same order',
    status: 202,
    headers: { 'Idempotency-Key': 'example-7c9e6679-7425-40de-944b' },
    body: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.1' },
  },
  idempotencyKeyReused: {
    summary: 'The same Idempotency-Key with a different request',
    status: 422,
    headers: { 'Idempotency-Key': 'example-7c9e6679-7425-40de-944b' },
    body: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.2' },
  },
  stopAlreadyReached: {
    summary: 'A stop whose trigger the market price already reached',
    status: 422,
    body: { type: 'stop', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', triggerPrice: '100000' },
  },
  invalidSlippage: {
    summary: 'A slippage over 0.5',
    status: 400,
    body: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', slippage: 0.9 },
  },
  limitWithoutTrigger: {
    summary: 'A limit order without its triggerPrice',
    status: 400,
    body: { type: 'limit', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' },
  },
  badIdempotencyKey: {
    summary: 'An Idempotency-Key with a space',
    status: 400,
    headers: { 'Idempotency-Key': 'not a key' },
    body: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' },
  },
  invalidApiKey: {
    summary: 'A key that is not one',
    status: 401,
    headers: { 'X-API-Key': 'oek_notakey' },
    body: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' },
  },
};

export const LIST_EXAMPLES: Record<string, ExampleRequest> = {
  firstPage: { summary: 'The two newest orders', status: 200, query: { limit: '2' } },
  confirmed: { summary: 'Confirmed orders only', status: 200, query: { status: 'confirmed', limit: '5' } },
  badCursor: { summary: 'A cursor the engine did not give', status: 400, query: { cursor: 'not-a-cursor' } },
  limitTooLarge: { summary: 'A page over 200', status: 400, query: { limit: '500' } },
  invalidApiKey: { summary: 'A key that is not one', status: 401, headers: { Authorization: 'Bearer oek_notakey' } },
};

export const FIND_EXAMPLES: Record<string, ExampleRequest> = {
  found: { summary: 'An order', status: 200, params: { id: confirmedOrder } },
  notFound: { summary: 'No such order in the account', status: 404, params: { id: EXAMPLE_UNKNOWN_ORDER_ID } },
  malformedId: { summary: 'An id that is not a UUID', status: 400, params: { id: 'not-a-uuid' } },
};

export const CANCEL_EXAMPLES: Record<string, ExampleRequest> = {
  waiting: { summary: 'A waiting limit order', status: 200, params: { id: waitingOrder } },
  confirmed: { summary: 'An order already confirmed', status: 409, params: { id: confirmedOrder } },
  notFound: { summary: 'No such order in the account', status: 404, params: { id: EXAMPLE_UNKNOWN_ORDER_ID } },
  malformedId: { summary: 'An id that is not a UUID', status: 400, params: { id: 'not-a-uuid' } },
};

export const CANCEL_MANY_EXAMPLES: Record<string, ExampleRequest> = {
  named: {
    summary: 'Three orders: one cancelled, one too far along, one unknown',
    status: 200,
    body: { ids: [waitingOrder, confirmedOrder, EXAMPLE_UNKNOWN_ORDER_ID] },
  },
  badIds: { summary: 'Ids that are not UUIDs', status: 400, body: { ids: ['not-a-uuid'] } },
};
