import { minAmountOutFor, PPM, swapExactIn, swapExactInAtRate } from './constant-product.math';

const SOL = 1_000_000_000n;
const USDC = 1_000_000n;

describe('swapExactIn (Raydium AMM v4 exact-in)', () => {
  it('matches the golden vector: 10 SOL into 20,000 SOL / 3,000,000 USDC', () => {
    const result = swapExactIn(10n * SOL, 20_000n * SOL, 3_000_000n * USDC, 25n);
    expect(result.amountOut).toBe(1_495_504_117n);
    expect(result.feeAmount).toBe(25_000_000n);
    expect(result.priceImpactBps).toBe(5); // 9.975 / 20009.975 = 4.98 bps
  });

  it('rounds the fee up', () => {
    expect(swapExactIn(1n, 1_000n, 1_000n, 25n).feeAmount).toBe(1n); // 0.0025 -> 1
    expect(swapExactIn(400n, 10n ** 9n, 10n ** 9n, 25n).feeAmount).toBe(1n); // exactly 1
    expect(swapExactIn(401n, 10n ** 9n, 10n ** 9n, 25n).feeAmount).toBe(2n); // 1.0025 -> 2
  });

  it('rounds the output down', () => {
    // no fee: 100 * 10 / 110 = 9.09 -> 9; with fee: in' = 9, 100 * 9 / 109 = 8.26 -> 8
    expect(swapExactIn(10n, 100n, 100n, 0n).amountOut).toBe(9n);
    expect(swapExactIn(10n, 100n, 100n, 25n).amountOut).toBe(8n);
    // a fee that eats the whole input leaves nothing to swap
    expect(swapExactIn(1n, 1_000n, 1_000n, 25n).amountOut).toBe(0n);
  });

  it('gives more output for more input, at a worse average price', () => {
    const amounts = [1n, 10n, 100n, 1_000n, 10_000n, 100_000n].map((n) => n * SOL);
    const outs = amounts.map((a) => swapExactIn(a, 20_000n * SOL, 3_000_000n * USDC, 25n).amountOut);
    for (let i = 1; i < amounts.length; i++) {
      expect(outs[i]).toBeGreaterThan(outs[i - 1]);
      // out_i / in_i < out_{i-1} / in_{i-1}, cross-multiplied to stay in integers
      expect(outs[i] * amounts[i - 1]).toBeLessThan(outs[i - 1] * amounts[i]);
    }
  });

  it('never pays out the whole reserve, however large the input', () => {
    const reserveOut = 3_000_000n * USDC;
    for (const amountIn of [1n, SOL, 10n ** 15n, 10n ** 20n, 10n ** 40n]) {
      expect(swapExactIn(amountIn, 20_000n * SOL, reserveOut, 25n).amountOut).toBeLessThan(reserveOut);
    }
  });

  it('reports price impact against spot, fee excluded', () => {
    // in' = 20,000 SOL into 20,000 SOL: half the output a spot-price fill would give
    const result = swapExactIn(20_000n * SOL, 20_000n * SOL, 3_000_000n * USDC, 0n);
    expect(result.priceImpactBps).toBe(5_000);
    expect(swapExactIn(SOL, 20_000n * SOL, 3_000_000n * USDC, 25n).priceImpactBps).toBe(0);
  });

  it('rejects non-positive inputs and empty pools', () => {
    expect(() => swapExactIn(0n, 1n, 1n, 25n)).toThrow(RangeError);
    expect(() => swapExactIn(1n, 0n, 1n, 25n)).toThrow(RangeError);
  });
});

describe('swapExactInAtRate (Raydium CPMM, fee in ppm)', () => {
  it('matches a hand-computed vector: 1,000 RAY into 400,000 RAY / 1,000,000 USDC at 2500 ppm', () => {
    // fee = ceil(1e9 × 2500 / 1e6) = 2,500,000; in' = 997,500,000;
    // out = floor(1e12 × 997,500,000 / (4e11 + 997,500,000)) = floor(2,487,546,680.47) = 2,487,546,680
    const fee = { numerator: 2_500n, denominator: PPM };
    const result = swapExactInAtRate(1_000n * USDC, 400_000n * USDC, 1_000_000n * USDC, fee);
    expect(result).toMatchObject({ feeAmount: 2_500_000n, amountOut: 2_487_546_680n, priceImpactBps: 25 });
  });

  it('rounds a ppm fee up: 1,000,001 at 100 ppm pays ceil(100.0001) = 101', () => {
    // in' = 999,900; out = floor(1e7 × 999,900 / 10,999,900) = floor(909,008.26)
    const result = swapExactInAtRate(1_000_001n, 10_000_000n, 10_000_000n, { numerator: 100n, denominator: PPM });
    expect(result).toMatchObject({ feeAmount: 101n, amountOut: 909_008n });
  });

  it('is the AMM v4 swap when 25 bps is written as 2500 ppm', () => {
    const v4 = swapExactIn(10n * SOL, 20_000n * SOL, 3_000_000n * USDC, 25n);
    const fee = { numerator: 2_500n, denominator: PPM };
    expect(swapExactInAtRate(10n * SOL, 20_000n * SOL, 3_000_000n * USDC, fee)).toEqual(v4);
  });
});

describe('minAmountOutFor', () => {
  it('is floor(out * (10000 - bps) / 10000)', () => {
    expect(minAmountOutFor(999n, 50)).toBe(994n); // 994.005
    expect(minAmountOutFor(1_000_001n, 50)).toBe(995_000n); // 995000.995
    expect(minAmountOutFor(1_495_504_117n, 100)).toBe(1_480_549_075n); // ...075.83
    expect(minAmountOutFor(1_000n, 0)).toBe(1_000n);
    expect(minAmountOutFor(1_000n, 10_000)).toBe(0n);
  });

  it.each([-1, 10_001, 1.5, Number.NaN])('rejects slippage %p', (bps) => {
    expect(() => minAmountOutFor(1_000n, bps)).toThrow(RangeError);
  });
});
