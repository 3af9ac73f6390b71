import { isOrderId, newOrderId } from './order-id';

describe('newOrderId', () => {
  it('is a UUIDv7: version 7, RFC variant, the milliseconds in its first 48 bits', () => {
    const id = newOrderId(0x0190_1234_5678);
    expect(isOrderId(id)).toBe(true);
    expect(id).toMatch(/^01901234-5678-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts by time as text, and never repeats', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => newOrderId(1_700_000_000_000 + Math.floor(i / 100)));
    expect(new Set(ids).size).toBe(ids.length);
    const prefixes = ids.map((id) => id.slice(0, 13));
    expect([...prefixes].sort()).toEqual(prefixes);
  });
});
