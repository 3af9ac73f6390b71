import { ApiExtension } from '@nestjs/swagger';

/** One request a client can send to a route, and the status the engine answers it with. */
export interface ExampleRequest {
  summary: string;
  /** The status the engine answers this request with (the contract test sends it and checks). */
  status: number;
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The extension that carries a route's example requests in the OpenAPI document. */
export const EXAMPLE_REQUESTS_EXTENSION = 'x-example-requests';

/**
 * Documents example requests of a route, each with the status it gets: they appear as the
 * request body's and parameters' examples (Swagger UI's "Try it out"), and the contract test sends
 * every one of them to a running engine and validates the answer against the documented schema.
 * A value may name a fixture the test creates first (see EXAMPLE_FIXTURES).
 */
export function ApiExampleRequests(examples: Record<string, ExampleRequest>): MethodDecorator {
  return ApiExtension(EXAMPLE_REQUESTS_EXTENSION, examples) as MethodDecorator;
}

/**
 * Ids and symbols used in examples for things that exist only once a client made them: the
 * contract test creates each fixture and puts its real value in place of these.
 */
export const EXAMPLE_FIXTURES = {
  /** A confirmed market order. */
  confirmedOrder: '3f2c1a9e-7b5d-4c8e-9a1f-2d6b8e4c0a57',
  /** A limit order waiting for its price, cancellable. */
  waitingOrder: '8d0e6b42-1c3a-4f7e-b5d9-6a2e0c8f1b93',
  /** A token announced by the launchpad and not yet trading (for a sniper order). */
  announcedLaunch: 'NEWCOIN',
} as const;

/** An order id no account has: the examples' 404. */
export const EXAMPLE_UNKNOWN_ORDER_ID = '00000000-0000-4000-8000-000000000000';
