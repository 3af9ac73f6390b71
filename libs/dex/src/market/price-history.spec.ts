import { SeededRandom } from '../random/seeded-random';
import { E18 } from './fixed-point.math';
import { DEFAULT_POOLS } from './pool.definitions';
import { formatSignificant, marketPairs, poolPriceE18, priceHistory } from './price-history';

describe('price history', () => {
  const random = new SeededRandom('history-spec');
  const solUsdc = DEFAULT_POOLS.filter((p) => p.base === 'SOL' && p.quote === 'USDC');

  it('lists each pair once, with every pool that trades it', () => {
    const pairs = marketPairs();
    expect(pairs.map((p) => p.pair)).toEqual(['SOL-USDC', 'USDC-USDT', 'JUP-USDC', 'BONK-SOL', 'RAY-USDC']);
    expect(pairs[0].pools.map((p) => p.venue)).toEqual(['raydium', 'meteora']);
  });

  it('is a function of the seed and the moment, and the inverted price is its reciprocal', () => {
    const t = 1_764_000_000_000;
    const price = poolPriceE18(random, solUsdc[0], t);
    expect(poolPriceE18(new SeededRandom('history-spec'), solUsdc[0], t)).toBe(price);
    expect(poolPriceE18(new SeededRandom('other'), solUsdc[0], t)).not.toBe(price);
    const product = (price * poolPriceE18(random, solUsdc[0], t, true)) / E18;
    expect(Number(product - E18) / 1e18).toBeCloseTo(0, 9);
    // SOL near its reference price of 150 USDC.
    expect(Number(price / E18)).toBeGreaterThan(100);
    expect(Number(price / E18)).toBeLessThan(220);
  });

  it('gives each pool its prices at the moments asked, the venues close to each other', () => {
    const times = [0, 60_000, 120_000].map((d) => 1_764_000_000_000 + d);
    const [raydium, meteora] = priceHistory(random, solUsdc, times);
    expect(raydium.prices).toHaveLength(3);
    raydium.prices.forEach((p, i) => expect(Math.abs(Number(p) / Number(meteora.prices[i]) - 1)).toBeLessThan(0.01));
  });

  it('rounds to significant digits, half up', () => {
    expect(formatSignificant(150_123_456_789_012_345_678n, 9)).toBe('150.123457');
    expect(formatSignificant(999_999_999_600_000_000n, 9)).toBe('1');
    expect(formatSignificant(21_234_567_891n, 9)).toBe('0.0000000212345679');
    expect(formatSignificant(2n * E18, 9)).toBe('2');
    expect(formatSignificant(0n, 9)).toBe('0');
  });
});
