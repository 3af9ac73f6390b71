import { randomUUID } from 'node:crypto';

/** The header a request id travels in, both ways. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** A client's id is kept when it is short and plain (UUIDs, ULIDs, trace ids); anything else is replaced. */
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of a request: the client's `X-Request-Id` when it is safe to log and echo (at most 128
 * characters of letters, digits and `._:-`), otherwise a new UUID. A header sent twice, or one
 * that fails the check, is replaced rather than refused: the id is for tracing, not a contract.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTED.test(header) ? header : randomUUID();
}
