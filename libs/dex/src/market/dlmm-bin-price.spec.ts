import { binIdForLogPrice, binPrice, binPriceE18 } from './dlmm-bin-price';
import { lnE18 } from './fixed-point.math';

describe('DLMM bin prices', () => {
  it('are (1 + step/10000)^id as exact, reduced rationals', () => {
    expect(binPrice(10, 0)).toEqual({ numerator: 1n, denominator: 1n });
    expect(binPrice(10, 1)).toEqual({ numerator: 1_001n, denominator: 1_000n });
    expect(binPrice(10, -2)).toEqual({ numerator: 1_000_000n, denominator: 1_002_001n });
    expect(binPrice(25, 1)).toEqual({ numerator: 401n, denominator: 400n });
    expect(binPrice(1, 3)).toEqual({ numerator: 10_001n ** 3n, denominator: 10_000n ** 3n });
  });

  it('puts 150 USDC/SOL (0.15 base units) in bin −1899 of a step-10 pool', () => {
    const stepLog = lnE18(1_001n * 10n ** 15n);
    const id = binIdForLogPrice(lnE18(15n * 10n ** 16n), stepLog);
    expect(id).toBe(-1899); // ln 0.15 / ln 1.001 = −1898.07
    expect(binPriceE18(10, id) <= 15n * 10n ** 16n).toBe(true);
    expect(binPriceE18(10, id + 1) > 15n * 10n ** 16n).toBe(true);
  });

  it('rejects a bin step that is not a positive integer', () => {
    expect(() => binPrice(0, 1)).toThrow(RangeError);
  });
});
