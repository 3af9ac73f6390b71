import { SeededRandom } from '../random/seeded-random';
import { congestionAt, CongestionLevel } from '../chain/congestion';
import { assertFeeChoice, FeeChoiceError, feeChoiceToJson, parseFeeChoice } from './fee-choice';
import { jitoTipFloorLamports } from './jito';
import { autoComputeUnitPrice, builtFees, networkFeesFor } from './network-fees';

const violationsOf = (input: Record<string, unknown>) => {
  try {
    parseFeeChoice(input);
  } catch (error) {
    expect(error).toBeInstanceOf(FeeChoiceError);
    return (error as FeeChoiceError).violations;
  }
  return [];
};

describe('parseFeeChoice', () => {
  it('reads auto, prices and tips from strings, numbers and bigints; absent stays absent', () => {
    expect(parseFeeChoice({})).toEqual({});
    expect(parseFeeChoice({ priorityFee: null, jitoTipLamports: undefined })).toEqual({});
    expect(parseFeeChoice({ priorityFee: 'auto', maxPriorityFeeLamports: '20000' })).toEqual({
      priorityFee: 'auto',
      maxPriorityFeeLamports: 20_000n,
    });
    expect(parseFeeChoice({ priorityFee: '250000', jitoTipLamports: 10_000 })).toEqual({
      priorityFee: 250_000n,
      jitoTipLamports: 10_000n,
    });
    expect(parseFeeChoice({ priorityFee: 0n, jitoTipLamports: '0' })).toEqual({ priorityFee: 0n, jitoTipLamports: 0n });
    expect(parseFeeChoice({ priorityFee: '10000000' })).toEqual({ priorityFee: 10_000_000n });
  });

  it('names each field and rule it breaks', () => {
    expect(violationsOf({ priorityFee: 'fast' })).toEqual([
      { field: 'priorityFee', rule: 'priorityFee', message: "priorityFee must be 'auto' or an integer compute-unit price in micro-lamports" },
    ]);
    expect(violationsOf({ priorityFee: 1.5 })).toMatchObject([{ field: 'priorityFee', rule: 'priorityFee' }]);
    expect(violationsOf({ priorityFee: '10000001', jitoTipLamports: '-1' })).toEqual([
      { field: 'priorityFee', rule: 'max', message: 'priorityFee must not be greater than 10000000 (micro-lamports per compute unit)' },
      { field: 'jitoTipLamports', rule: 'min', message: 'jitoTipLamports must not be less than 0' },
    ]);
    expect(violationsOf({ jitoTipLamports: '1e6' })).toEqual([
      { field: 'jitoTipLamports', rule: 'isInt', message: 'jitoTipLamports must be an integer number of lamports' },
    ]);
    expect(violationsOf({ jitoTipLamports: 100_000_001 })).toMatchObject([{ field: 'jitoTipLamports', rule: 'max' }]);
    expect(violationsOf({ jitoTipLamports: '9'.repeat(21) })).toMatchObject([{ field: 'jitoTipLamports', rule: 'isInt' }]);
    expect(violationsOf({ priorityFee: '5000', maxPriorityFeeLamports: '1000' })).toEqual([
      { field: 'maxPriorityFeeLamports', rule: 'autoOnly', message: "maxPriorityFeeLamports applies only with priorityFee 'auto'" },
    ]);
  });

  it('round-trips through its JSON form, and checks choices made in code', () => {
    const choice = { priorityFee: 'auto' as const, maxPriorityFeeLamports: 50_000n, jitoTipLamports: 25_000n };
    const json = feeChoiceToJson(choice);
    expect(json).toEqual({ priorityFee: 'auto', maxPriorityFeeLamports: '50000', jitoTipLamports: '25000' });
    expect(parseFeeChoice(JSON.parse(JSON.stringify(json)))).toEqual(choice);
    expect(() => assertFeeChoice({ priorityFee: 20_000_000n })).toThrow(FeeChoiceError);
    expect(() => assertFeeChoice({ jitoTipLamports: -5n })).toThrow(/jitoTipLamports must not be less than 0/);
  });
});

describe('network fees', () => {
  const random = new SeededRandom('fees');
  const windowOf = (level: CongestionLevel) => {
    for (let w = 0; ; w++) if (congestionAt(random, w * 150).level === level) return congestionAt(random, w * 150);
  };
  const market = (slot: number) => ({ random, slot, congestion: true });

  it('pays the default price without a choice, exactly as before fee choices', () => {
    // 190,000 compute units at 50,000 micro-lamports: 9,500 lamports, plus the signature.
    expect(networkFeesFor(190_000n, undefined, market(0))).toEqual({
      computeUnitPriceMicroLamports: 50_000n,
      signatureFeeLamports: 5_000n,
      priorityFeeLamports: 9_500n,
      jitoTipLamports: 0n,
      feeLamports: 14_500n,
    });
    expect(networkFeesFor(190_000n, {}, market(0))).toEqual(networkFeesFor(190_000n, undefined, market(0)));
  });

  it('pays a chosen price and tip, rounding the priority fee up', () => {
    const fees = networkFeesFor(130_001n, { priorityFee: 1_000_000n, jitoTipLamports: 10_000n }, market(0));
    expect(fees).toMatchObject({ priorityFeeLamports: 130_001n, jitoTipLamports: 10_000n, feeLamports: 145_001n });
    expect(networkFeesFor(130_001n, { priorityFee: 3n }, market(0)).priorityFeeLamports).toBe(1n);
    expect(networkFeesFor(130_001n, { priorityFee: 0n }, market(0)).priorityFeeLamports).toBe(0n);
  });

  it('auto bids the default when calm and enough for a wait of at most one slot when busy or jammed', () => {
    const calm = windowOf('calm');
    expect(autoComputeUnitPrice(calm)).toBe(50_000n);
    for (const congestion of [windowOf('busy'), windowOf('jammed')]) {
      const price = autoComputeUnitPrice(congestion);
      const wait = (p: bigint) => Number((BigInt(congestion.slots) * 50_000n) / p);
      expect(wait(price)).toBeLessThanOrEqual(1);
      if (price > 50_000n) expect(wait(price - 1n)).toBeGreaterThan(1); // the least such price
      const fees = networkFeesFor(130_000n, { priorityFee: 'auto' }, market(congestion.window * 150));
      expect(fees).toMatchObject({ computeUnitPriceMicroLamports: price, auto: { congestion: congestion.level, capped: false } });
    }
    expect(autoComputeUnitPrice({ window: 0, level: 'jammed', slots: 250 })).toBe(6_250_001n);
    expect(autoComputeUnitPrice({ window: 0, level: 'busy', slots: 8 })).toBe(200_001n);
    // Congestion switched off: every window is calm.
    const jam = windowOf('jammed').window * 150;
    expect(networkFeesFor(130_000n, { priorityFee: 'auto' }, { random, slot: jam, congestion: false }).computeUnitPriceMicroLamports).toBe(50_000n);
  });

  it("auto keeps the priority fee under the trader's cap", () => {
    const jam = windowOf('jammed').window * 150;
    const fees = networkFeesFor(130_000n, { priorityFee: 'auto', maxPriorityFeeLamports: 20_000n }, market(jam));
    expect(fees.priorityFeeLamports).toBeLessThanOrEqual(20_000n);
    expect(fees.computeUnitPriceMicroLamports).toBe((20_000n * 1_000_000n) / 130_000n);
    expect(fees.auto).toEqual({ congestion: 'jammed', capped: true });
  });

  it('sets the tip floor per window, higher when the network is busier', () => {
    const floor = (level: CongestionLevel) => jitoTipFloorLamports(random, windowOf(level).window * 150);
    expect(floor('calm')).toBeGreaterThanOrEqual(1_000n);
    expect(floor('calm')).toBeLessThanOrEqual(10_000n);
    expect(floor('busy')).toBeGreaterThanOrEqual(10_000n);
    expect(floor('jammed')).toBeGreaterThanOrEqual(100_000n);
    const w = windowOf('busy').window;
    expect(jitoTipFloorLamports(random, w * 150)).toBe(jitoTipFloorLamports(random, w * 150 + 149));
  });

  it('reads the fees of a transaction stored before they were recorded', () => {
    expect(builtFees({ feeLamports: 11_500n })).toEqual({
      computeUnitPriceMicroLamports: 50_000n,
      signatureFeeLamports: 5_000n,
      priorityFeeLamports: 6_500n,
      jitoTipLamports: 0n,
      feeLamports: 11_500n,
    });
  });
});
