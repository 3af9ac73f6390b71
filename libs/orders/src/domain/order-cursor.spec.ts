import { decodeCursor, encodeCursor } from './order-cursor';
import { isOrderId, newOrderId } from './order-id';

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
});
