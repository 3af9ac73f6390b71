import { DexError } from '../errors/dex.error';
import {
  buyOnCurve,
  buyOnCurveUpTo,
  initialCurve,
  isComplete,
  maxBuySol,
  PUMP_CURVE,
  RESERVED_TOKENS,
  sellOnCurve,
} from './bonding-curve.math';

const SOL = 10n ** 9n;
const TOKEN = 10n ** 6n;

describe('the launchpad bonding curve', () => {
  it('starts from pump.fun constants: 30 virtual SOL, 1,073,000,000 virtual tokens, 793,100,000 for sale', () => {
    expect(initialCurve()).toEqual({
      virtualSolReserves: 30n * SOL,
      virtualTokenReserves: 1_073_000_000n * TOKEN,
      realSolReserves: 0n,
      realTokenReserves: 793_100_000n * TOKEN,
    });
    expect(PUMP_CURVE.totalSupply).toBe(1_000_000_000n * TOKEN);
    expect(RESERVED_TOKENS).toBe(206_900_000n * TOKEN);
  });

  // Golden vectors, computed independently with Python integers:
  // fee = ceil(g/100); dx = g − fee; out = dx·Y // (X + dx).
  it.each([
    [10_000_000n, 100_000n, 353_973_188_847n], // 0.01 SOL
    [1n * SOL, 10_000_000n, 34_277_831_558_567n], // 1 SOL: about 34.28 million tokens
    [5n * SOL, 50_000_000n, 151_969_957_081_545n],
    [85n * SOL, 850_000_000n, 791_002_628_120_893n], // nearly the whole curve
  ])('buys with %s lamports: fee %s, %s token base units', (solIn, fee, tokens) => {
    const trade = buyOnCurve(initialCurve(), solIn);
    expect(trade.feeSol).toBe(fee);
    expect(trade.amountOut).toBe(tokens);
    expect(trade.after.virtualSolReserves).toBe(30n * SOL + solIn - fee);
    expect(trade.after.realSolReserves).toBe(solIn - fee);
    expect(trade.after.realTokenReserves).toBe(PUMP_CURVE.initialRealTokenReserves - tokens);
  });

  it('sells along the same curve, the 1% fee taken from the SOL out', () => {
    const bought = buyOnCurve(initialCurve(), 1n * SOL);
    const back = sellOnCurve(bought.after, bought.amountOut);
    // Golden: gross = dy·X // (Y + dy) = 989,999,999 (a lamport lost to the buy's floor); fee 9,900,000.
    expect(back.amountOut).toBe(980_099_999n);
    expect(back.feeSol).toBe(9_900_000n);
    expect(back.after.realSolReserves).toBe(1n);
    const tenMillion = sellOnCurve(bought.after, 10_000_000n * TOKEN);
    expect(tenMillion.amountOut).toBe(292_547_453n);
  });

  it('refuses a buy that would take more than the real tokens left, naming the largest that fits', () => {
    const max = maxBuySol(initialCurve());
    expect(max).toBe(85_863_999_047n);
    expect(buyOnCurve(initialCurve(), max).amountOut).toBeLessThanOrEqual(PUMP_CURVE.initialRealTokenReserves);
    expect(() => buyOnCurve(initialCurve(), max + 1n)).toThrow(DexError);
    expect(() => buyOnCurve(initialCurve(), 100n * SOL)).toThrow(/at most 85863999047 lamports fits/);
  });

  it('refuses a sell for more SOL than the curve holds', () => {
    expect(() => sellOnCurve(initialCurve(), 1_000n * TOKEN)).toThrow(/holds only 0 lamports/);
  });

  it('completes the curve with a capped buy: every token left, for only the SOL they cost (about 85 SOL raised)', () => {
    const last = buyOnCurveUpTo(initialCurve(), 200n * SOL);
    expect(last.amountOut).toBe(PUMP_CURVE.initialRealTokenReserves);
    expect(last.amountIn).toBe(85_863_999_048n);
    expect(isComplete(last.after)).toBe(true);
    expect(last.after.realSolReserves).toBeGreaterThanOrEqual(85_005_359_057n);
    expect(last.after.realSolReserves / SOL).toBe(85n);
    // Nothing more to buy.
    expect(buyOnCurveUpTo(last.after, SOL).amountOut).toBe(0n);
    expect(maxBuySol(last.after)).toBe(0n);
  });

  it('fills consecutive buys as one buy of their sum, up to rounding (the curve is path-independent)', () => {
    for (const [a, b] of [[SOL / 2n, SOL / 2n], [3n * SOL, 7n * SOL], [123_456_789n, 9_876_543_210n]]) {
      const first = buyOnCurve(initialCurve(), a);
      const second = buyOnCurve(first.after, b);
      const whole = buyOnCurve(initialCurve(), a + b);
      const diff = whole.amountOut - (first.amountOut + second.amountOut);
      // Two fees rounded up instead of one, and two floors: at most a lamport or two's worth of tokens.
      const twoLamportsOfTokens = (2n * whole.after.virtualTokenReserves) / whole.after.virtualSolReserves;
      expect(diff).toBeGreaterThanOrEqual(0n);
      expect(diff).toBeLessThanOrEqual(twoLamportsOfTokens);
    }
  });

  it('prices a later buy of the same size higher: fewer tokens per SOL', () => {
    const first = buyOnCurve(initialCurve(), SOL);
    const second = buyOnCurve(first.after, SOL);
    expect(second.amountOut).toBeLessThan(first.amountOut);
    expect(second.priceImpactBps).toBeLessThan(first.priceImpactBps); // deeper virtual SOL
  });
});
