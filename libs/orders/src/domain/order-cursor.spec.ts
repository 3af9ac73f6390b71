import fc from 'fast-check';
import { CURSOR_MAX_MS, CURSOR_MIN_MS, decodeCursor, encodeCursor } from './order-cursor';
import { isOrderId, newOrderId } from './order-id';

const legacy = (at: string, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');

/** A version-1 cursor's bytes with the given fields, for cursors this API would never write. */
function v1(ms: bigint, id = newOrderId(), version = 1): string {
  const bytes = Buffer.alloc(25);
  bytes.writeUInt8(version, 0);
  bytes.writeBigInt64BE(ms, 1);
  Buffer.from(id.replace(/-/g, ''), 'hex').copy(bytes, 9);
  return bytes.toString('base64url');
}

describe('order ids and cursors', () => {
  it('makes time-ordered UUIDv7 ids', () => {
    const a = newOrderId(1_700_000_000_000);
    const b = newOrderId(1_700_000_000_001);
    expect(isOrderId(a)).toBe(true);
    expect(a[14]).toBe('7');
    expect(a < b).toBe(true);
  });

  it('round-trips a cursor and refuses anything else', () => {
    const cursor = { createdAt: new Date('2026-11-24T10:00:00.123Z'), id: newOrderId() };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('bogus')).toBeUndefined();
    expect(decodeCursor(Buffer.from('not-a-date|x').toString('base64url'))).toBeUndefined();
  });

  it('is compact and carries no readable text', () => {
    const text = encodeCursor({ createdAt: new Date('2026-11-24T10:00:00.123Z'), id: newOrderId() });
    expect(text).toMatch(/^[A-Za-z0-9_-]{34}$/);
    expect(Buffer.from(text, 'base64url').toString('latin1')).not.toContain('2026');
  });

  it('round-trips every position in range, with any UUID', () => {
    fc.assert(
      fc.property(fc.integer({ min: CURSOR_MIN_MS, max: CURSOR_MAX_MS - 1 }), fc.uuid(), (ms, id) => {
        const cursor = { createdAt: new Date(ms), id };
        expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
      }),
    );
  });

  it('refuses dates Postgres or Date cannot hold, and other versions', () => {
    expect(decodeCursor(v1(BigInt(Date.UTC(-200000, 0, 1))))).toBeUndefined();
    expect(decodeCursor(v1(-1n))).toBeUndefined();
    expect(decodeCursor(v1(BigInt(CURSOR_MAX_MS)))).toBeUndefined();
    expect(decodeCursor(v1(2n ** 63n - 1n))).toBeUndefined();
    expect(decodeCursor(v1(-(2n ** 63n)))).toBeUndefined();
    expect(decodeCursor(v1(BigInt(CURSOR_MAX_MS) - 1n))).toBeDefined();
    expect(decodeCursor(v1(0n))).toBeDefined();
    expect(decodeCursor(v1(1_700_000_000_000n, newOrderId(), 2))).toBeUndefined();
    expect(decodeCursor(v1(1_700_000_000_000n, newOrderId(), 0))).toBeUndefined();
  });

  it('refuses the old readable layout, even with a date Postgres would refuse', () => {
    expect(decodeCursor(legacy('-200000-01-01T00:00:00.000Z', newOrderId()))).toBeUndefined();
    expect(decodeCursor(legacy('2026-11-24T10:00:00.123Z', newOrderId()))).toBeUndefined();
  });

  it('takes one spelling per cursor: padding, other alphabets and spare bits are refused', () => {
    const text = encodeCursor({ createdAt: new Date(1_700_000_000_000), id: newOrderId() });
    expect(decodeCursor(`${text}==`)).toBeUndefined();
    expect(decodeCursor(` ${text}`)).toBeUndefined();
    expect(decodeCursor(Buffer.from(text, 'base64url').toString('base64'))).toBeUndefined();
    // 25 bytes leave 2 unused bits in the last character: flipping them must not give a second spelling.
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const i = last.indexOf(text[33]);
    for (const bits of [1, 2, 3]) {
      expect(decodeCursor(text.slice(0, 33) + last[i ^ bits])).toBeUndefined();
    }
  });

  it('never throws, and whatever it accepts is a position the listing can use', () => {
    const base64urlText = fc.stringMatching(/^[A-Za-z0-9_-]{30,38}$/);
    const mutated = fc
      .tuple(fc.integer({ min: CURSOR_MIN_MS, max: CURSOR_MAX_MS - 1 }), fc.uuid(), fc.nat(33), fc.constantFrom(...'AZaz09-_'))
      .map(([ms, id, at, c]) => {
        const text = encodeCursor({ createdAt: new Date(ms), id });
        return text.slice(0, at) + c + text.slice(at + 1);
      });
    const anyBytes = fc.uint8Array({ minLength: 0, maxLength: 40 }).map((b) => Buffer.from(b).toString('base64url'));
    const anyText = fc.oneof(fc.string(), fc.fullUnicodeString(), fc.string({ unit: 'binary', maxLength: 200 }), base64urlText, mutated, anyBytes);
    fc.assert(
      fc.property(anyText, (text) => {
        const cursor = decodeCursor(text);
        if (cursor === undefined) return;
        const ms = cursor.createdAt.getTime();
        expect(Number.isInteger(ms) && ms >= CURSOR_MIN_MS && ms < CURSOR_MAX_MS).toBe(true);
        expect(isOrderId(cursor.id)).toBe(true);
        expect(Object.keys(cursor).sort()).toEqual(['createdAt', 'id']);
        // And it is exactly what this API would have written for that position.
        expect(encodeCursor(cursor)).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });
});
