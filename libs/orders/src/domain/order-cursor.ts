/** Position in the newest-first listing: the (createdAt, id) of the last order of a page. */
export interface OrderCursor {
  createdAt: Date;
  id: string;
}

/**
 * A cursor is opaque to clients: base64url of a version byte, then the position. Version 1 is
 * 25 bytes: the version (1), `createdAt` as signed 64-bit big-endian milliseconds since the epoch,
 * and the id's 16 bytes. A later layout takes the next version number; a decoder refuses versions
 * it does not know.
 *
 * Cursors are not signed (no HMAC), on purpose:
 * - nothing is gained: a cursor only says where a page starts, and every position is reachable
 *   by paging anyway; once the listing is scoped to the caller's account, a forged cursor can
 *   only move within the caller's own orders. The decoder below refuses anything that is not a
 *   valid position, so a forged cursor can never reach the database as something it would reject;
 * - it would cost a secret that every api process must share (and rotate together), or cursors
 *   from one process would fail on another behind a load balancer.
 * Opaque, then, means "do not parse it", not "secret": the position is the last item of the page.
 */
const VERSION_1 = 1;
const V1_BYTES = 1 + 8 + 16;
/** base64url (no padding) of 25 bytes. */
const V1_TEXT = /^[A-Za-z0-9_-]{34}$/;

/**
 * The dates a cursor may carry: 1970-01-01 up to (not including) 10000-01-01. Every order's
 * createdAt is the clock at its acceptance, so it lies inside (even on a machine whose clock
 * starts at the epoch); the range keeps any decoded value one that Postgres' timestamptz and
 * Date#toISOString both represent exactly (Postgres alone would take up to year 294276, and
 * answers an error beyond it).
 */
export const CURSOR_MIN_MS = 0;
export const CURSOR_MAX_MS = Date.UTC(10000, 0, 1);

export function encodeCursor(cursor: OrderCursor): string {
  const ms = cursor.createdAt.getTime();
  const hex = cursor.id.replace(/-/g, '');
  if (!Number.isInteger(ms) || ms < CURSOR_MIN_MS || ms >= CURSOR_MAX_MS || !/^[0-9a-f]{32}$/i.test(hex)) {
    throw new RangeError(`not a listing position: ${cursor.createdAt.toString()} / ${cursor.id}`);
  }
  const bytes = Buffer.alloc(V1_BYTES);
  bytes.writeUInt8(VERSION_1, 0);
  bytes.writeBigInt64BE(BigInt(ms), 1);
  Buffer.from(hex, 'hex').copy(bytes, 9);
  return bytes.toString('base64url');
}

/**
 * The position a cursor of this API names, or undefined for anything else: text that is not the
 * canonical base64url of a known version's bytes, or a date outside the range above. What this
 * returns is always safe to hand to the listing's statement.
 */
export function decodeCursor(text: string): OrderCursor | undefined {
  if (typeof text !== 'string' || !V1_TEXT.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  // Two texts differing only in the last character's unused bits decode alike: take only the
  // one this API writes, so that every cursor has one spelling.
  if (bytes.length !== V1_BYTES || bytes.toString('base64url') !== text) return undefined;
  if (bytes.readUInt8(0) !== VERSION_1) return undefined;
  const ms = bytes.readBigInt64BE(1);
  if (ms < BigInt(CURSOR_MIN_MS) || ms >= BigInt(CURSOR_MAX_MS)) return undefined;
  const hex = bytes.subarray(9).toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { createdAt: new Date(Number(ms)), id };
}
