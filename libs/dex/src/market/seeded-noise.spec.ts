import { SeededRandom } from '../random/seeded-random';
import { gaussian } from './seeded-noise';

describe('gaussian', () => {
  const draws = Array.from({ length: 4_000 }, (_, i) => gaussian(new SeededRandom('g'), 1_000n, 'test', i));

  it('is centred with the requested spread', () => {
    const mean = draws.reduce((a, b) => a + b, 0n) / BigInt(draws.length);
    const variance = draws.reduce((a, b) => a + (b - mean) * (b - mean), 0n) / BigInt(draws.length);
    expect(mean > -50n && mean < 50n).toBe(true);
    expect(variance > 900_000n && variance < 1_100_000n).toBe(true);
  });

  it('has normal-looking tails: about 5% beyond two std, none beyond six', () => {
    const beyondTwo = draws.filter((d) => d > 2_000n || d < -2_000n).length;
    expect(beyondTwo).toBeGreaterThan(120);
    expect(beyondTwo).toBeLessThan(260);
    expect(draws.every((d) => d <= 6_000n && d >= -6_000n)).toBe(true);
  });

  it('answers the same keys the same way, and zero spread with zero', () => {
    expect(gaussian(new SeededRandom('g'), 1_000n, 'test', 7)).toBe(draws[7]);
    expect(gaussian(new SeededRandom('g'), 0n, 'test', 7)).toBe(0n);
  });
});
