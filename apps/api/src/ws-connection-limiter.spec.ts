import { ConnectionSlot, normalizeAddress, WsConnectionLimiter } from './ws-connection-limiter';

const slot = (s: ConnectionSlot | string): ConnectionSlot => {
  if (typeof s === 'string') throw new Error(`refused: ${s}`);
  return s;
};

describe('WsConnectionLimiter', () => {
  it('refuses beyond the per-address limit, and counts each address apart', () => {
    const limiter = new WsConnectionLimiter(10, 2);
    slot(limiter.acquire('1.1.1.1'));
    slot(limiter.acquire('1.1.1.1'));
    expect(limiter.acquire('1.1.1.1')).toBe('address');
    expect(limiter.acquire('::ffff:1.1.1.1')).toBe('address');
    slot(limiter.acquire('2.2.2.2'));
    expect(limiter.connections).toBe(3);
  });

  it('refuses beyond the total limit', () => {
    const limiter = new WsConnectionLimiter(2, 5);
    slot(limiter.acquire('1.1.1.1'));
    slot(limiter.acquire('2.2.2.2'));
    expect(limiter.acquire('3.3.3.3')).toBe('total');
  });

  it('frees a slot on release, once however often it is released', () => {
    const limiter = new WsConnectionLimiter(3, 2);
    const a = slot(limiter.acquire('1.1.1.1'));
    slot(limiter.acquire('1.1.1.1'));
    a.release();
    a.release();
    expect(limiter.connections).toBe(1);
    slot(limiter.acquire('1.1.1.1'));
    expect(limiter.acquire('1.1.1.1')).toBe('address');
  });

  it('forgets an address once its last connection is released', () => {
    const limiter = new WsConnectionLimiter(5, 5);
    const slots = ['1.1.1.1', '2.2.2.2', '1.1.1.1'].map((a) => slot(limiter.acquire(a)));
    expect(limiter.addresses).toBe(2);
    slots.forEach((s) => s.release());
    expect(limiter.addresses).toBe(0);
    expect(limiter.connections).toBe(0);
  });

  it('normalizes IPv4-mapped IPv6 addresses and letter case', () => {
    expect(normalizeAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(normalizeAddress('2001:DB8::1')).toBe('2001:db8::1');
    expect(normalizeAddress(undefined)).toBe('unknown');
  });
});
