import { eventMessage } from './order-view';

describe('eventMessage', () => {
  const core = { orderId: 'o-1', seq: 3, status: 'building' as const, attempt: 2, at: '2026-11-25T00:00:00.000Z' };

  it('puts the identifying fields first, then the details in their order', () => {
    const message = eventMessage(core, { venue: 'meteora', steps: ['a', 'b'], minAmountOut: '1.5' });
    expect(Object.keys(message)).toEqual(['orderId', 'seq', 'status', 'attempt', 'at', 'venue', 'steps', 'minAmountOut']);
    expect(message).toEqual({ ...core, venue: 'meteora', steps: ['a', 'b'], minAmountOut: '1.5' });
  });

  it('never lets details override the identifying fields', () => {
    const message = eventMessage(core, { seq: 99, status: 'confirmed', orderId: 'other', attempt: 7, at: 'x', code: 'E' });
    expect(message).toEqual({ ...core, code: 'E' });
    expect(JSON.parse(JSON.stringify(message))).toEqual({ ...core, code: 'E' });
  });

  it('leaves the details object as it was', () => {
    const details = { venue: 'raydium', seq: 1 };
    eventMessage(core, details);
    expect(details).toEqual({ venue: 'raydium', seq: 1 });
  });

  it('keeps a "__proto__" detail as a plain field', () => {
    const details = JSON.parse('{"__proto__": {"polluted": true}, "venue": "raydium"}') as Record<string, unknown>;
    const message = eventMessage(core, details);
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
    expect(Object.keys(message)).toEqual(['orderId', 'seq', 'status', 'attempt', 'at', '__proto__', 'venue']);
    expect(JSON.stringify(message)).toContain('"__proto__":{"polluted":true},"venue":"raydium"');
  });
});
