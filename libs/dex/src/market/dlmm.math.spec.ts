import { DexError } from '../errors/dex.error';
import { dlmmSwapExactIn, DlmmBin, DlmmSwapState, feeRateAt, MAX_FEE_RATE } from './dlmm.math';
import { DEFAULT_POOLS, DlmmPoolDefinition } from './pool.definitions';

const FEES = (DEFAULT_POOLS.find((p) => p.kind === 'dlmm' && p.binStep === 10) as DlmmPoolDefinition).fees;
const B = 1_000_000_000n;

/** Bin step 10 (price (1001/1000)^id), base fee 0.08% (800,000 of 1e9), accumulator at rest on bin 0. */
function stateWith(bins: Array<[number, DlmmBin]>, activeId = 0): DlmmSwapState {
  return { binStep: 10, activeId, bins: new Map(bins), fees: FEES, volatilityReference: 0n, indexReference: 0 };
}

describe('DLMM fee rate', () => {
  it('is the base fee at rest and grows with the square of the bins moved', () => {
    const state = stateWith([]);
    expect(feeRateAt(state, 0)).toBe(800_000n); // 8000 × 10 × 10 = 0.08%
    // va = 10000·d; variable = ceil((va·10)² × 40000 / 1e11) = 4000·d²
    expect(feeRateAt(state, -1)).toBe(804_000n);
    expect(feeRateAt(state, 2)).toBe(816_000n);
    expect(feeRateAt(state, -10)).toBe(1_200_000n);
    // capped accumulator (350,000 = 35 bins): 4000 × 35² = 4.9M
    expect(feeRateAt(state, -80)).toBe(800_000n + 4_900_000n);
  });

  it('never exceeds 10%', () => {
    const wild = { ...stateWith([]), fees: { ...FEES, variableFeeControl: 10n ** 12n } };
    expect(feeRateAt(wild, -30)).toBe(MAX_FEE_RATE);
  });
});

describe('dlmmSwapExactIn', () => {
  it('inside one bin: exactly (amount − fee) × price, fee rounded up, no impact', () => {
    // bin 1 prices X at 1001/1000 Y; fee = ceil(1,000,000 × 0.0008) = 800; (1,000,000 − 800) × 1.001 = 1,000,199.2
    const state = stateWith([[1, { x: 0n, y: 5_000_000n }], [0, { x: 0n, y: 5_000_000n }]], 1);
    const result = dlmmSwapExactIn({ ...state, indexReference: 1 }, true, 1_000_000n);
    expect(result).toEqual({ amountOut: 1_000_199n, feeAmount: 800n, priceImpactBps: 0, binsUsed: 1 });
    // 1,000,001 pays ceil(800.0008) = 801
    expect(dlmmSwapExactIn({ ...state, indexReference: 1 }, true, 1_000_001n).feeAmount).toBe(801n);
  });

  it('crossing bins: takes each bin whole, pays the variable fee per bin, fills the rest in the last', () => {
    const full = 1_000_000_000n;
    const bins: Array<[number, DlmmBin]> = [0, -1, -2].map((id) => [id, { x: 0n, y: full }]);
    const state = stateWith([...bins, [-3, { x: 0n, y: 1_000n * full }]]);
    // Bin −d has the Q64.64 price p_d = floor(2^64 / 1.001^d). Emptying it takes in = ceil((1e9 << 64) / p_d)
    // (one more than the exact 1e9 × 1.001^d, the price being floored) plus fee ceil(in × r_d / (1e9 − r_d)),
    // r_d = 800,000 + 4000·d²: d=0: 1,000,000,000 + 800,641; d=1: 1,001,000,001 + 805,452;
    // d=2: 1,002,001,001 + 818,301 => 3,005,425,396.
    // The last 1e9 lands in bin −3 at r = 836,000: fee 836,000, out floor(999,164,000 × p_3 >> 64) = 996,172,493.
    const result = dlmmSwapExactIn(state, true, 3_005_425_396n + full);
    expect(result.amountOut).toBe(3n * full + 996_172_493n);
    expect(result.feeAmount).toBe(800_641n + 805_452n + 818_301n + 836_000n);
    expect(result.binsUsed).toBe(4);
    // base fee alone would have been ceil(4,005,425,394 × 0.0008) = 3,204,341
    expect(result.feeAmount).toBeGreaterThan(3_204_341n);
    expect(result.priceImpactBps).toBeGreaterThan(0);
  });

  it('throws INSUFFICIENT_LIQUIDITY when the bins run out', () => {
    const state = stateWith([[0, { x: 0n, y: 1_000n }], [-1, { x: 0n, y: 1_000n }]]);
    const run = () => dlmmSwapExactIn(state, true, 10_000n);
    expect(run).toThrow(DexError);
    expect(run).toThrow(/ran out of bins/);
    // the other direction has no X at all
    expect(() => dlmmSwapExactIn(state, false, 1n)).toThrow(/ran out of bins/);
  });

  it('skips an empty active side and buys X upward (Y→X moves to id + 1)', () => {
    const state = stateWith([[0, { x: 0n, y: 10n ** 9n }], [1, { x: 10n ** 9n, y: 0n }]]);
    // bin 1 is one bin from the reference: rate 804,000, fee ceil(804.64) = 805, 999,995 × 1000/1001 = 998,996.0
    expect(dlmmSwapExactIn(state, false, 1_000_800n)).toMatchObject({ amountOut: 998_996n, feeAmount: 805n });
  });

  describe('properties', () => {
    const bins: Array<[number, DlmmBin]> = [];
    for (let id = -30; id <= 30; id++) {
      const bin = id < 0 ? { x: 0n, y: 2_250n * 10n ** 6n } : { x: 15n * B, y: 0n };
      bins.push([id, id === 0 ? { x: 7n * B, y: 1_200n * 10n ** 6n } : bin]);
    }
    const state = { ...stateWith(bins), binStep: 10, activeId: 0 };
    const heldY = bins.reduce((sum, [, bin]) => sum + bin.y, 0n);

    it('gives more for more, at a worse average price, never more than the bins hold', () => {
      // from 1e6 up: below that the rounded-up fee, not the curve, sets the average price
      const amounts = [10n ** 6n, 10n ** 9n, 10n ** 10n, 3n * 10n ** 10n, 6n * 10n ** 10n];
      const outs = amounts.map((a) => dlmmSwapExactIn(state, true, a).amountOut);
      for (let i = 1; i < amounts.length; i++) {
        expect(outs[i]).toBeGreaterThan(outs[i - 1]);
        expect(outs[i] * amounts[i - 1]).toBeLessThanOrEqual(outs[i - 1] * amounts[i]);
      }
      expect(outs.every((out) => out <= heldY)).toBe(true);
    });

    it('rounds against the trader: never more than the exact rational fill', () => {
      for (const amount of [7n, 999n, 123_456_789n, 33_333_333_333n]) {
        const { amountOut, feeAmount } = dlmmSwapExactIn(state, true, amount);
        expect(feeAmount * 1_000_000_000n).toBeGreaterThanOrEqual((amount * 800_000n));
        // the active bin has the best price: out <= (amount − fee) × price(0) = amount − fee
        expect(amountOut).toBeLessThanOrEqual(amount - feeAmount);
      }
    });
  });
});
