import { DexError } from '../errors/dex.error';
import { createTestDex, TEST_START_MS, TestDex } from '../testing/dex-test.factory';
import { tokenBySymbol } from '../tokens/token.constants';
import { BuiltSwap } from './chain.types';
import { slotAt, slotEndMs, slotStartMs } from './slot.clock';

const SOL = 10n ** 9n;
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;

async function failure(promise: Promise<unknown>): Promise<DexError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DexError);
  return error as DexError;
}

async function built(
  dex: TestDex,
  pair: [string, string],
  amountIn: bigint,
  slippageBps: number,
  orderId = 'order-1',
) {
  const ctx = { orderId, attempt: 1 };
  const route = await dex.router.quote(dex.token(pair[0]), dex.token(pair[1]), amountIn, ctx);
  return { route, ctx, swap: await dex.chain.build(route, slippageBps, ctx) };
}

/** What the pools pay at the end of `slot`, recomputed independently of the chain (direct legs). */
function outputAt(dex: TestDex, swap: BuiltSwap, slot: number): bigint {
  return swap.legs.reduce((sum, leg) => {
    expect(leg.chained).toBe(false);
    const venue = dex.venues.find((v) => v.name === leg.venue)!;
    return sum + venue.quoteAt(leg.poolId, tokenBySymbol(leg.tokenIn), leg.inAmount, slotEndMs(slot)).outAmount;
  }, 0n);
}

describe('SimulatedChain', () => {
  it('counts 400 ms slots from genesis', () => {
    const dex = createTestDex();
    expect(dex.chain.currentSlot(slotStartMs(1_000))).toBe(1_000);
    expect(dex.chain.currentSlot(slotStartMs(1_000) + 399)).toBe(1_000);
    expect(dex.chain.currentSlot()).toBe(slotAt(TEST_START_MS));
  });

  it('builds with the floored minAmountOut, a fresh blockhash valid for 150 slots, and the steps', async () => {
    const dex = createTestDex();
    const { route, swap } = await built(dex, ['SOL', 'USDC'], 10n * SOL, 50);
    expect(swap.minAmountOut).toBe((route.best.outAmount * 9_950n) / 10_000n);
    expect(swap).toMatchObject({ tokenIn: 'SOL', tokenOut: 'USDC', inAmount: 10n * SOL, slippageBps: 50 });
    expect(swap.lastValidSlot).toBe(dex.chain.currentSlot() + 150);
    expect(swap.blockhash).toMatch(BASE58);
    expect(swap.steps[0]).toMatch(/SetComputeUnitLimit/);
    expect(swap.steps.join('\n')).toMatch(/rent deposit 0.00203928 SOL[\s\S]*Wrap 10 SOL[\s\S]*minAmountOut/);
    expect(swap.steps.join('\n')).not.toMatch(/Unwrap/);
    const back = await built(dex, ['USDC', 'SOL'], 100n * 10n ** 6n, 50);
    expect(back.swap.steps.at(-1)).toMatch(/^Unwrap wSOL/);
    expect(back.swap.steps.join('\n')).not.toMatch(/Wrap /);
  });

  it('refuses to build from a quote older than its expiry', async () => {
    const dex = createTestDex();
    const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL);
    dex.clock.set(route.expiresAt + 1);
    const error = await failure(dex.chain.build(route, 50, { orderId: 'o', attempt: 1 }));
    expect(error.code).toBe('QUOTE_EXPIRED');
    expect(error.retryable).toBe(true);
  });

  it('signs with 87-88 base58 characters, stable per (orderId, attempt)', async () => {
    const dex = createTestDex();
    const { swap } = await built(dex, ['SOL', 'USDC'], SOL, 50);
    const signatures = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const { signature } = await dex.chain.send(swap, { orderId: `order-${i}`, attempt: 1 });
      expect(signature).toMatch(BASE58);
      expect(signature.length === 87 || signature.length === 88).toBe(true);
      signatures.add(signature);
    }
    expect(signatures.size).toBe(300);
    const again = await createTestDex().chain.send(swap, { orderId: 'order-7', attempt: 1 });
    expect((await dex.chain.send(swap, { orderId: 'order-7', attempt: 1 })).signature).toBe(again.signature);
    expect((await dex.chain.send(swap, { orderId: 'order-7', attempt: 2 })).signature).not.toBe(again.signature);
    const otherSeed = await createTestDex({ seed: 'other' }).chain.send(swap, { orderId: 'order-7', attempt: 1 });
    expect(otherSeed.signature).not.toBe(again.signature);
  });

  it('confirms 1-3 slots after submission with the output of the pool at landing', async () => {
    const dex = createTestDex();
    const { ctx, swap } = await built(dex, ['SOL', 'USDC'], 10n * SOL, 50);
    const submitted = await dex.chain.send(swap, ctx);
    const confirmation = await dex.chain.confirm(swap, submitted, ctx);
    expect(confirmation.slot - submitted.submitSlot).toBeGreaterThanOrEqual(1);
    expect(confirmation.slot - submitted.submitSlot).toBeLessThanOrEqual(3);
    expect(confirmation.amountOut).toBe(outputAt(dex, swap, confirmation.slot));
    expect(confirmation.amountOut).not.toBe(swap.quotedOut); // the market moved, even a little
    // One signature (5,000 lamports) plus the priority fee of the route's compute budget.
    const priority = (BigInt(swap.computeUnits) * 50_000n + 999_999n) / 1_000_000n;
    expect(confirmation).toMatchObject({ signature: submitted.signature, feeLamports: 5_000n + priority });
  });

  it('takes about 2-3 s per order with realistic latency', async () => {
    for (const orderId of ['a', 'b', 'c', 'd', 'e']) {
      const dex = createTestDex({ latency: 'realistic' });
      const { ctx, swap } = await built(dex, ['SOL', 'USDC'], SOL, 50, orderId);
      const confirmation = await dex.chain.confirm(swap, await dex.chain.send(swap, ctx), ctx);
      const elapsed = dex.clock.now() - TEST_START_MS;
      expect(elapsed).toBe(confirmation.confirmedAt - TEST_START_MS);
      expect(elapsed >= 1_500 && elapsed <= 3_000).toBe(true);
    }
  });

  it('gives the same result when confirm is called twice, without waiting again', async () => {
    const dex = createTestDex({ latency: 'realistic' });
    const { ctx, swap } = await built(dex, ['USDC', 'SOL'], 500n * 10n ** 6n, 50);
    const submitted = await dex.chain.send(swap, ctx);
    const first = await dex.chain.confirm(swap, submitted, ctx);
    const afterFirst = dex.clock.now();
    expect(await dex.chain.confirm(swap, submitted, ctx)).toEqual(first);
    expect(dex.clock.now()).toBe(afterFirst);
    // a restarted worker, an hour later, with its own instances
    const restarted = createTestDex({ latency: 'realistic' }, afterFirst + 3_600_000);
    expect(await restarted.chain.confirm(swap, submitted, ctx)).toEqual(first);
    expect(restarted.clock.sleeps).toEqual([]);
  });

  it('fails with BLOCKHASH_EXPIRED when the transaction lands after lastValidSlot', async () => {
    const dex = createTestDex({ latency: 'realistic' });
    const { ctx, swap } = await built(dex, ['SOL', 'USDC'], SOL, 50);
    dex.clock.set(slotStartMs(swap.lastValidSlot)); // sent in the blockhash's last valid slot
    const submitted = await dex.chain.send(swap, ctx);
    const error = await failure(dex.chain.confirm(swap, submitted, ctx));
    expect(error.code).toBe('BLOCKHASH_EXPIRED');
    expect(error.retryable).toBe(true);
    expect(error.details).toMatchObject({ lastValidSlot: swap.lastValidSlot, signature: submitted.signature });
    // the client only learns it once the chain has passed lastValidSlot
    expect(dex.chain.currentSlot()).toBeGreaterThan(swap.lastValidSlot);
  });

  it('fails with SLIPPAGE_EXCEEDED when the price moves against the trader before landing', async () => {
    const outcomes = { slipped: 0, filled: 0 };
    // Quote, then let the user hesitate 9.5 s (the quote is still valid) while the market moves.
    for (let i = 0; i < 30; i++) {
      const dex = createTestDex({}, TEST_START_MS + i * 45_000);
      const ctx = { orderId: `slow-${i}`, attempt: 1 };
      const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), 100n * SOL, ctx);
      dex.clock.advance(9_500);
      const swap = await dex.chain.build(route, 5, ctx);
      const submitted = await dex.chain.send(swap, ctx);
      const result = await dex.chain.confirm(swap, submitted, ctx).catch((e: unknown) => e);
      if (result instanceof DexError) {
        expect(result.code).toBe('SLIPPAGE_EXCEEDED');
        const { expected, actual, landingSlot } = result.details as Record<string, string & number>;
        expect(BigInt(expected)).toBe(swap.minAmountOut);
        expect(BigInt(actual)).toBe(outputAt(dex, swap, landingSlot));
        expect(BigInt(actual)).toBeLessThan(swap.minAmountOut);
        outcomes.slipped++;
      } else {
        expect(result).toMatchObject({ amountOut: expect.any(BigInt) });
        outcomes.filled++;
      }
    }
    expect(outcomes.slipped).toBeGreaterThan(0);
    expect(outcomes.filled).toBeGreaterThan(0);
  });

  it('charges slippage only below the floor: a generous tolerance fills the same moves', async () => {
    for (let i = 0; i < 30; i++) {
      const dex = createTestDex({}, TEST_START_MS + i * 45_000);
      const ctx = { orderId: `slow-${i}`, attempt: 1 };
      const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), 100n * SOL, ctx);
      dex.clock.advance(9_500);
      const swap = await dex.chain.build(route, 100, ctx);
      await expect(dex.chain.confirm(swap, await dex.chain.send(swap, ctx), ctx)).resolves.toBeDefined();
    }
  });
});
