import { binIdForLogPrice, binPrice, binPriceE18 } from './dlmm-bin-price';
import { lnE18 } from './fixed-point.math';

describe('DLMM bin prices', () => {
  it('are (1 + step/10000)^id in Q64.64 fixed point, floored, as the program holds them', () => {
    const one = 1n << 64n;
    expect(binPrice(10, 0)).toEqual({ numerator: one, denominator: one });
    expect(binPrice(10, 1)).toEqual({ numerator: (1_001n * one) / 1_000n, denominator: one });
    expect(binPrice(10, -2)).toEqual({ numerator: (1_000_000n * one) / 1_002_001n, denominator: one });
    expect(binPrice(25, 1)).toEqual({ numerator: (401n * one) / 400n, denominator: one });
    expect(binPrice(1, 3)).toEqual({ numerator: (10_001n ** 3n * one) / 10_000n ** 3n, denominator: one });
    // Far from bin 0 the value is still exact to 2^-64: 150 USDC/SOL is bin −1899 of a step-10 pool.
    const far = binPrice(10, -1899);
    expect(far.numerator).toBe((1_000n ** 1899n * one) / 1_001n ** 1899n);
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
