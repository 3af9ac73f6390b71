import { DexError } from '../errors/dex.error';
import { reservesAt } from '../market/market-state';
import { DEFAULT_POOLS } from '../market/pool.definitions';
import { SeededRandom } from '../random/seeded-random';
import { tokenBySymbol } from '../tokens/token.constants';
import { createDefaultVenues } from './default-venues.factory';

const T0 = 1_750_000_000_000;
const [raydium, meteora] = createDefaultVenues('venue-seed');
const SOL = tokenBySymbol('SOL');
const USDC = tokenBySymbol('USDC');
const USDT = tokenBySymbol('USDT');

describe('ConstantProductVenue', () => {
  it('finds its pool for a pair in either direction, and none for pairs it lacks', () => {
    expect(raydium.poolFor(SOL, USDC)).toBe('raydium-amm-v4-sol-usdc');
    expect(raydium.poolFor(USDC, SOL)).toBe('raydium-amm-v4-sol-usdc');
    expect(meteora.poolFor(tokenBySymbol('JUP'), USDC)).toBeUndefined();
    expect(raydium.poolFor(SOL, USDT)).toBeUndefined();
    expect(raydium.poolFor(tokenBySymbol('BONK'), USDT)).toBeUndefined();
    expect(raydium.poolFor(SOL, SOL)).toBeUndefined();
  });

  it('quotes with the exact AMM v4 math against the pool at that moment', () => {
    const pool = DEFAULT_POOLS[0];
    const { base, quote } = reservesAt(new SeededRandom('venue-seed'), pool, T0);
    const amountIn = 10n * 10n ** 9n;
    const fee = (amountIn * 25n + 9_999n) / 10_000n;
    const expected = (quote * (amountIn - fee)) / (base + amountIn - fee);
    const result = raydium.quoteAt(pool.id, SOL, amountIn, T0);
    expect(result).toMatchObject({ venue: 'raydium', poolId: pool.id, inAmount: amountIn, feeAmount: fee });
    expect(result.outAmount).toBe(expected);
  });

  it('swaps the reverse direction against the same pool', () => {
    const usdcIn = 1_500n * 10n ** 6n;
    const solOut = raydium.quoteAt('raydium-amm-v4-sol-usdc', USDC, usdcIn, T0).outAmount;
    expect(solOut > 9n * 10n ** 9n && solOut < 11n * 10n ** 9n).toBe(true);
  });

  it('never quotes an output that takes the whole reserve: it refuses to drain the pool', () => {
    const poolId = 'raydium-amm-v4-sol-usdc';
    const { quote } = reservesAt(new SeededRandom('venue-seed'), DEFAULT_POOLS[0], T0);
    for (const sol of [1n, 1_000n, 100_000n, 1_000_000n, 10_000_000n, 10_000_000_000n]) {
      try {
        expect(raydium.quoteAt(poolId, SOL, sol * 10n ** 9n, T0).outAmount).toBeLessThan(quote);
      } catch (error) {
        expect(error).toBeInstanceOf(DexError);
        expect((error as DexError).code).toBe('INSUFFICIENT_LIQUIDITY');
      }
    }
    expect(() => raydium.quoteAt(poolId, SOL, 10_000_000n * 10n ** 9n, T0)).toThrow('drain');
  });

  it('fails an amount too small to produce any output', () => {
    expect(() => raydium.quoteAt('raydium-amm-v4-sol-usdc', SOL, 1n, T0)).toThrow(/rounds to zero/);
  });

  it('rejects a pool it does not have', () => {
    expect(() => meteora.quoteAt('raydium-amm-v4-sol-usdc', SOL, 10n ** 9n, T0)).toThrow(DexError);
  });
});
