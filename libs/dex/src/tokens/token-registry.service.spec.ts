import { TokenRegistry } from './token-registry.service';

describe('TokenRegistry', () => {
  const registry = new TokenRegistry();

  it('resolves by symbol, in any case', () => {
    expect(registry.resolve('SOL')).toEqual({
      symbol: 'SOL',
      mint: 'So11111111111111111111111111111111111111112',
      decimals: 9,
    });
    expect(registry.resolve('usdc')?.decimals).toBe(6);
    expect(registry.resolve('Bonk')?.decimals).toBe(5);
  });

  it('resolves by exact mint', () => {
    expect(registry.resolve('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v')?.symbol).toBe('USDC');
    expect(registry.resolve('JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN')?.symbol).toBe('JUP');
  });

  it('treats mints as case-sensitive and unknown names as unknown', () => {
    expect(registry.resolve('epjfwdd5aufqssqem2qn1xzybapc8g4wegggkzwytdt1v')).toBeUndefined();
    expect(registry.resolve('DOGE')).toBeUndefined();
    expect(registry.resolve('')).toBeUndefined();
  });

  it('lists the six tokens with their real decimals', () => {
    const decimals = Object.fromEntries(registry.list().map((t) => [t.symbol, t.decimals]));
    expect(decimals).toEqual({ SOL: 9, USDC: 6, USDT: 6, JUP: 6, RAY: 6, BONK: 5 });
  });

  it('does not let callers mutate the registry', () => {
    registry.list().pop();
    expect(registry.list()).toHaveLength(6);
    expect(() => {
      (registry.resolve('SOL') as { decimals: number }).decimals = 6;
    }).toThrow(TypeError);
  });
});
