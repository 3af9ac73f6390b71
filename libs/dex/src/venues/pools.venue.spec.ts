import { DexError } from '../errors/dex.error';
import { DEFAULT_POOLS, PoolDefinition } from '../market/pool.definitions';
import { tokenBySymbol } from '../tokens/token.constants';
import { createDefaultVenues } from './default-venues.factory';

const T0 = 1_750_000_000_000;
const [SOL, USDC, USDT, BONK, JUP, RAY] = ['SOL', 'USDC', 'USDT', 'BONK', 'JUP', 'RAY'].map(tokenBySymbol);

describe('PoolsVenue', () => {
  const [raydium, meteora] = createDefaultVenues('venue-seed');

  it('comes in the fixed order raydium, meteora', () => {
    expect(createDefaultVenues('x').map((venue) => venue.name)).toEqual(['raydium', 'meteora']);
  });

  it('finds the pools of a pair in either direction, and none for pairs without one', () => {
    expect(raydium.poolsFor(SOL, USDC)).toEqual(['raydium-amm-v4-sol-usdc']);
    expect(meteora.poolsFor(USDC, SOL)).toEqual(['meteora-dlmm-sol-usdc']);
    expect(raydium.poolFor(USDT, USDC)).toBe('raydium-cpmm-usdc-usdt');
    expect(meteora.poolFor(USDC, USDT)).toBe('meteora-dlmm-usdc-usdt');
    expect(raydium.poolFor(SOL, BONK)).toBe('raydium-amm-v4-bonk-sol');
    expect(raydium.poolFor(RAY, USDC)).toBe('raydium-cpmm-ray-usdc');
    expect(meteora.poolsFor(JUP, USDC)).toEqual([]);
    expect(meteora.poolFor(JUP, USDC)).toBeUndefined();
    for (const venue of [raydium, meteora]) {
      expect(venue.poolsFor(SOL, USDT)).toEqual([]); // two hops through USDC
      expect(venue.poolsFor(BONK, USDC)).toEqual([]); // two hops through SOL
      expect(venue.poolsFor(SOL, SOL)).toEqual([]);
    }
  });

  it('lists every pool of a pair when a venue has several, poolFor giving the first', () => {
    const cpmm: PoolDefinition = {
      id: 'raydium-cpmm-sol-usdc', venue: 'raydium', kind: 'cpmm', base: 'SOL', quote: 'USDC',
      baseReserve: '5000', feePpm: 500n, noisePpm: 150n,
    };
    const [both] = createDefaultVenues('venue-seed', [...DEFAULT_POOLS, cpmm]);
    expect(both.poolsFor(USDC, SOL)).toEqual(['raydium-amm-v4-sol-usdc', 'raydium-cpmm-sol-usdc']);
    expect(both.poolFor(USDC, SOL)).toBe('raydium-amm-v4-sol-usdc');
    const v4 = both.quoteAt('raydium-amm-v4-sol-usdc', SOL, 10n ** 9n, T0);
    const cp = both.quoteAt('raydium-cpmm-sol-usdc', SOL, 10n ** 9n, T0);
    expect(cp.feeAmount).toBe(500_000n); // 0.05% of 1 SOL
    expect(v4.feeAmount).toBe(2_500_000n);
    expect(cp.poolKind).toBe('cpmm');
  });

  it('rejects a pool it does not have, or a token the pool does not hold', () => {
    expect(() => meteora.quoteAt('raydium-amm-v4-sol-usdc', SOL, 10n ** 9n, T0)).toThrow(DexError);
    expect(() => raydium.quoteAt('raydium-amm-v4-sol-usdc', USDT, 10n ** 6n, T0)).toThrow(/no pool/);
  });

  it('quotes the same in two instances for the same seed and time, differently for another seed', () => {
    const [again, againMeteora] = createDefaultVenues('venue-seed');
    const [other, otherMeteora] = createDefaultVenues('other-seed');
    for (const [a, b, c, poolId] of [
      [raydium, again, other, 'raydium-amm-v4-sol-usdc'],
      [meteora, againMeteora, otherMeteora, 'meteora-dlmm-sol-usdc'],
    ] as const) {
      const quote = a.quoteAt(poolId, SOL, 5n * 10n ** 9n, T0 + 777);
      expect(b.quoteAt(poolId, SOL, 5n * 10n ** 9n, T0 + 777)).toEqual(quote);
      expect(c.quoteAt(poolId, SOL, 5n * 10n ** 9n, T0 + 777).outAmount).not.toBe(quote.outAmount);
    }
  });
});
