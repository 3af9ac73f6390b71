import { E18, expE18, LN10_E18, LN2_E18, lnE18 } from './fixed-point.math';

const near = (actual: bigint, expected: bigint, tolerance: bigint) => {
  const gap = actual > expected ? actual - expected : expected - actual;
  expect(gap <= tolerance).toBe(true);
};

describe('fixed-point exp and ln', () => {
  it('hits known values to within a few units of 1e-18', () => {
    expect(expE18(0n)).toBe(E18);
    near(expE18(E18), 2_718_281_828_459_045_235n, 2n);
    near(expE18(-E18), 367_879_441_171_442_321n, 2n);
    near(expE18(LN2_E18), 2n * E18, 2n);
    expect(lnE18(E18)).toBe(0n);
    near(lnE18(2n * E18), LN2_E18, 2n);
    near(lnE18(10n * E18), LN10_E18, 4n);
    near(lnE18(150n * E18), 5_010_635_294_096_255_750n, 8n);
    near(lnE18(20n * 10n ** 12n), -10_819_778_284_410_283_111n, 16n); // ln(0.00002)
  });

  it('are inverses of each other across the range prices use', () => {
    // below e^-4 the 1e18 scale itself runs short of digits, so the round trip is checked above it
    for (const x of [-3n * E18, -E18 / 7n, 1n, E18 / 3n, 4n * E18, 30n * E18]) {
      near(lnE18(expE18(x)), x, 32n);
    }
  });

  it('are monotonic', () => {
    let previous = expE18(-E18);
    for (let x = -E18 + E18 / 50n; x <= E18; x += E18 / 50n) {
      const value = expE18(x);
      expect(value).toBeGreaterThan(previous);
      previous = value;
    }
  });

  it('rejects the log of zero', () => {
    expect(() => lnE18(0n)).toThrow(RangeError);
  });
});
