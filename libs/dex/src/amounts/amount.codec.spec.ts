import { AmountError, formatAmount, parseAmount } from './amount.codec';

describe('parseAmount', () => {
  it.each([
    ['1.5', 9, 1_500_000_000n],
    ['100', 6, 100_000_000n],
    ['0.000001', 6, 1n],
    ['1.000001', 6, 1_000_001n],
    ['007.10', 6, 7_100_000n],
    ['.5', 6, 500_000n], // decided: a leading point reads as 0.5
    [' 2 ', 5, 200_000n],
    ['18446744073709.551615', 6, 2n ** 64n - 1n],
  ])('parses %p with %p decimals exactly', (text, decimals, expected) => {
    expect(parseAmount(text, decimals)).toBe(expected);
  });

  it('keeps precision a float would lose', () => {
    expect(parseAmount('9007199254.740993', 6)).toBe(9_007_199_254_740_993n);
    expect(parseAmount('0.3', 9) - parseAmount('0.1', 9)).toBe(200_000_000n);
  });

  it.each([
    ['1.0000001', 6, /7 decimal places but the token has 6/],
    ['-1', 6, /sign/],
    ['+1', 6, /sign/],
    ['1e5', 6, /exponent/],
    ['1E5', 6, /exponent/],
    ['', 6, /empty/],
    ['   ', 6, /empty/],
    ['0', 6, /greater than zero/],
    ['0.000000', 6, /greater than zero/],
    ['abc', 6, /not a decimal number/],
    ['hello', 6, /not a decimal number/],
    ['2.5e-3', 6, /exponent/],
    ['1.', 6, /not a decimal number/],
    ['.', 6, /not a decimal number/],
    ['1.2.3', 6, /not a decimal number/],
    ['1,5', 6, /not a decimal number/],
    ['0x10', 6, /not a decimal number/],
    ['1.5', 0, /1 decimal places but the token has 0/],
    ['18446744073709.551616', 6, /u64/],
  ])('rejects %p (%p decimals)', (text, decimals, message) => {
    expect(() => parseAmount(text, decimals)).toThrow(AmountError);
    expect(() => parseAmount(text, decimals)).toThrow(message);
  });
});

describe('formatAmount', () => {
  it.each([
    [1_500_000_000n, 9, '1.5'],
    [0n, 6, '0'],
    [1n, 6, '0.000001'],
    [100_000_000n, 6, '100'],
    [1_495_504_117n, 6, '1495.504117'],
    [123n, 0, '123'],
    [-2_500_000n, 6, '-2.5'],
    [10n ** 30n, 9, '1000000000000000000000'],
  ])('formats %p with %p decimals as %p', (base, decimals, expected) => {
    expect(formatAmount(base, decimals)).toBe(expected);
  });

  it('round-trips with parseAmount', () => {
    for (const text of ['1.5', '0.000001', '123456.789', '42']) {
      expect(formatAmount(parseAmount(text, 6), 6)).toBe(text);
    }
  });
});
