import { formatAmount } from '../amounts/amount.codec';
import { DexError } from '../errors/dex.error';
import { FeeChoice, FeeChoiceError } from '../fees/fee-choice';
import { JITO_TIP_ACCOUNTS, jitoTipFloorLamports } from '../fees/jito';
import { SeededRandom } from '../random/seeded-random';
import { createTestDex, TEST_START_MS, TestDex } from '../testing/dex-test.factory';
import { builtSwapFromJson, builtSwapToJson } from './built-swap.json';
import { Confirmation } from './chain.types';
import { congestionAt, CongestionLevel } from './congestion';
import { slotAt, slotStartMs } from './slot.clock';

const SOL = 10n ** 9n;
const random = new SeededRandom('test-seed'); // createTestDex's seed

/** The first slot, from the test start on, of a window at this congestion level. */
function windowStart(level: CongestionLevel, skip = 0): number {
  for (let w = Math.floor(slotAt(TEST_START_MS) / 150); ; w++) {
    if (congestionAt(random, w * 150).level === level && skip-- === 0) return w * 150;
  }
}

/** Quote, build with the fee choice, send and confirm at the start of `slot`. */
async function swapAt(slot: number, orderId: string, fees?: FeeChoice, dex: TestDex = createTestDex({}, slotStartMs(slot))) {
  const ctx = { orderId, attempt: 1, orderNumber: 1 };
  const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL, ctx);
  const built = await dex.chain.build(route, 100, ctx, { fees });
  const submitted = await dex.chain.send(built, ctx);
  const outcome: Confirmation | DexError = await dex.chain.confirm(built, submitted, ctx).catch((e: unknown) => {
    if (e instanceof DexError) return e;
    throw e;
  });
  return { route, built, submitted, outcome };
}

describe('priority fees and Jito tips', () => {
  it('without a fee choice, pays the default price and records it', async () => {
    const { built, outcome } = await swapAt(windowStart('calm'), 'default');
    const priority = (BigInt(built.computeUnits) * 50_000n + 999_999n) / 1_000_000n;
    expect(built).toMatchObject({
      computeUnitPriceMicroLamports: 50_000n,
      signatureFeeLamports: 5_000n,
      priorityFeeLamports: priority,
      jitoTipLamports: 0n,
      feeLamports: 5_000n + priority,
    });
    expect(built.jitoTipAccount).toBeUndefined();
    expect(built.steps[1]).toMatch(/^ComputeBudget: SetComputeUnitPrice 50000 micro-lamports \(priority fee [\d.]+ SOL\)$/);
    expect(built.steps.join('\n')).not.toMatch(/Jito/);
    expect(outcome).toMatchObject({ feeLamports: 5_000n + priority, priorityFeeLamports: priority, jitoTipLamports: 0n, bundle: false });
  });

  it('pays a chosen price, shown in SetComputeUnitPrice and in the confirmation', async () => {
    const { built, outcome } = await swapAt(windowStart('calm'), 'priced', { priorityFee: 1_000_000n });
    const priority = BigInt(built.computeUnits); // 1 lamport per compute unit
    expect(built).toMatchObject({ computeUnitPriceMicroLamports: 1_000_000n, priorityFeeLamports: priority, feeLamports: 5_000n + priority });
    expect(built.steps[1]).toBe(`ComputeBudget: SetComputeUnitPrice 1000000 micro-lamports (priority fee ${formatAmount(priority, 9)} SOL)`);
    expect(outcome).toMatchObject({ computeUnitPriceMicroLamports: 1_000_000n, feeLamports: 5_000n + priority, bundle: false });
  });

  it('lands sooner in a busy or jammed window for a higher price; auto prices the window', async () => {
    for (const level of ['busy', 'jammed'] as const) {
      const slot = windowStart(level);
      const { slots } = congestionAt(random, slot);
      const plain = await swapAt(slot, `plain-${level}`);
      const auto = await swapAt(slot, `auto-${level}`, { priorityFee: 'auto' });
      expect(auto.built.steps[1]).toMatch(new RegExp(`\\(auto for a ${level} network; priority fee`));
      expect(auto.built.computeUnitPriceMicroLamports!).toBeGreaterThan(50_000n);
      // Auto's congestion wait is at most a slot, on top of the usual 1-3.
      const landed = (auto.outcome as { slot: number }).slot - auto.submitted.submitSlot;
      expect(landed).toBeLessThanOrEqual(4);
      if (plain.outcome instanceof DexError) {
        expect(plain.outcome.code).toBe('BLOCKHASH_EXPIRED'); // the jam outlived its blockhash
      } else {
        expect(plain.outcome.slot - plain.submitted.submitSlot).toBeGreaterThanOrEqual(1 + slots);
      }
    }
  });

  it('lands in the next slot as a bundle when the tip meets the tip floor; below it, as any transaction', async () => {
    const slot = windowStart('jammed');
    const floor = jitoTipFloorLamports(random, slot);
    const tipped = await swapAt(slot, 'tipped', { jitoTipLamports: floor });
    expect(tipped.outcome).toMatchObject({ slot: tipped.submitted.submitSlot + 1, bundle: true, jitoTipLamports: floor });
    expect(tipped.built.feeLamports).toBe(5_000n + tipped.built.priorityFeeLamports! + floor);
    expect(JITO_TIP_ACCOUNTS).toContain(tipped.built.jitoTipAccount);
    expect(tipped.built.steps.at(-1)).toMatch(new RegExp(`^Tip 0\\.\\d+ SOL to Jito tip account ${tipped.built.jitoTipAccount} `));
    // Just under the floor: no bundle, the congestion wait at the price paid, and the tip still paid when it lands.
    const short = await swapAt(slot, 'short', { jitoTipLamports: floor - 1n, priorityFee: 'auto' });
    expect(short.outcome).toMatchObject({ bundle: false, jitoTipLamports: floor - 1n, feeLamports: short.built.feeLamports });
  });

  it('quotes the fee choice: priority fee and tip in the network fee, the floor and whether the tip meets it', async () => {
    const slot = windowStart('busy');
    const dex = createTestDex({}, slotStartMs(slot));
    const floor = jitoTipFloorLamports(random, slot);
    const plain = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL);
    const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL, undefined, { priorityFee: 'auto', jitoTipLamports: floor });
    const { fees } = route.best;
    expect(fees.auto).toEqual({ congestion: 'busy', capped: false });
    expect(route.best.networkFeeLamports).toBe(5_000n + fees.priorityFeeLamports + floor);
    expect(route.best.networkFeeLamports).toBeGreaterThan(plain.best.networkFeeLamports);
    expect(route.best.networkFeeOut).toBeGreaterThan(plain.best.networkFeeOut);
    expect(route.jitoTipFloorLamports).toBe(floor);
    // Built without a choice of its own, the transaction takes the quote's.
    const built = await dex.chain.build(route, 50, { orderId: 'from-quote', attempt: 1 });
    expect(built).toMatchObject({ jitoTipLamports: floor, computeUnitPriceMicroLamports: fees.computeUnitPriceMicroLamports });
  });

  it('a higher price weighs more on routes with more instructions', async () => {
    const dex = createTestDex();
    const amount = 50n * SOL;
    const cheap = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), amount);
    const dear = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), amount, undefined, { priorityFee: 10_000_000n });
    const fee = (route: typeof cheap, kind: string) => route.candidates.find((c) => c.kind === kind)!.networkFeeOut!;
    // A split has two swap instructions: its fee grows by more than a single pool's.
    expect(fee(dear, 'split') - fee(dear, 'single')).toBeGreaterThan(fee(cheap, 'split') - fee(cheap, 'single'));
  });

  it('a landed swap that fails pays its signature and priority fees but not its tip', async () => {
    const dex = createTestDex({ failOrders: [{ order: 1, code: 'SLIPPAGE_EXCEEDED' }] }, slotStartMs(windowStart('calm')));
    const { built, outcome } = await swapAt(slotAt(dex.clock.now()), 'sandwiched', { jitoTipLamports: 50_000n }, dex);
    expect(outcome).toBeInstanceOf(DexError);
    expect((outcome as DexError).code).toBe('SLIPPAGE_EXCEEDED');
    expect(BigInt((outcome as DexError).details!.feeLamports as string)).toBe(5_000n + built.priorityFeeLamports!);
  });

  it('refuses a price or tip out of bounds before building', async () => {
    const dex = createTestDex();
    const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL);
    const ctx = { orderId: 'refused', attempt: 1 };
    const sleeps = dex.clock.sleeps.length;
    await expect(dex.chain.build(route, 50, ctx, { fees: { priorityFee: 10_000_001n } })).rejects.toThrow(FeeChoiceError);
    await expect(dex.chain.build(route, 50, ctx, { fees: { jitoTipLamports: 100_000_001n } })).rejects.toThrow(/jitoTipLamports/);
    await expect(dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL, ctx, { priorityFee: -1n })).rejects.toThrow(FeeChoiceError);
    expect(dex.clock.sleeps).toHaveLength(sleeps); // nothing was built or read
  });

  it('stores the fees with the transaction and reads them back exactly', async () => {
    const { built, submitted } = await swapAt(windowStart('busy'), 'stored', { priorityFee: 'auto', jitoTipLamports: 12_345n });
    const back = builtSwapFromJson(JSON.parse(JSON.stringify(builtSwapToJson(built))));
    expect(back).toEqual(built);
    // A worker that resumes from the stored transaction gets the same outcome.
    const dex = createTestDex({}, submitted.submittedAt + 60_000);
    const ctx = { orderId: 'stored', attempt: 1, orderNumber: 1 };
    expect(await dex.chain.confirm(back, submitted, ctx)).toEqual(await dex.chain.confirm(built, submitted, ctx));
  });
});
