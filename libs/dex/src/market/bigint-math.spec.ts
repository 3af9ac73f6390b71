import { ceilDiv, floorDiv, isqrt, smallToNumber } from './bigint-math';

describe('bigint math', () => {
  it('isqrt is the exact floor square root', () => {
    for (const n of [0n, 1n, 2n, 3n, 4n, 15n, 16n, 17n, 10n ** 30n, 10n ** 30n - 1n, 2n ** 127n]) {
      const root = isqrt(n);
      expect(root * root <= n).toBe(true);
      expect((root + 1n) * (root + 1n) > n).toBe(true);
    }
    expect(isqrt(4n * 10n ** 26n)).toBe(2n * 10n ** 13n);
    expect(() => isqrt(-1n)).toThrow(RangeError);
  });

  it('ceilDiv and floorDiv round the right way for either sign', () => {
    expect(ceilDiv(7n, 2n)).toBe(4n);
    expect(ceilDiv(8n, 2n)).toBe(4n);
    expect(ceilDiv(-7n, 2n)).toBe(-3n);
    expect(floorDiv(7n, 2n)).toBe(3n);
    expect(floorDiv(-7n, 2n)).toBe(-4n);
    expect(floorDiv(-8n, 2n)).toBe(-4n);
  });

  it('smallToNumber refuses values a number cannot hold exactly', () => {
    expect(smallToNumber(12n)).toBe(12);
    expect(() => smallToNumber(2n ** 60n)).toThrow(RangeError);
  });
});
