import { DexError } from '../errors/dex.error';
import { SeededRandom } from '../random/seeded-random';
import { createTestDex, executeAttempt } from '../testing/dex-test.factory';
import { FaultPlan, FaultStage } from './fault.plan';

const plan = (faultRate: number, seed = 'faults') =>
  new FaultPlan({ seed, latency: 'off', faultRate }, new SeededRandom(seed));
const contexts = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ orderId: `order-${i}`, attempt: 1 + (i % 3) }));

describe('FaultPlan', () => {
  it('injects nothing at rate 0, and nothing without a context', () => {
    expect(contexts(1_000).every((ctx) => plan(0).stageFor(ctx) === undefined)).toBe(true);
    expect(plan(1).stageFor(undefined)).toBeUndefined();
  });

  it('injects exactly one stage into every attempt at rate 1, spread over all stages', () => {
    const stages = contexts(400).map((ctx) => plan(1).stageFor(ctx));
    expect(stages.every(Boolean)).toBe(true);
    expect(new Set(stages)).toEqual(new Set<FaultStage>(['quote', 'send', 'landing-expired', 'landing-slippage']));
  });

  it('hits about faultRate of the attempts, the same ones in every process', () => {
    const hits = contexts(2_000).filter((ctx) => plan(0.2).stageFor(ctx)).length;
    expect(hits).toBeGreaterThan(320);
    expect(hits).toBeLessThan(480);
    const ctx = { orderId: 'x', attempt: 2 };
    expect(plan(0.5).stageFor(ctx)).toBe(plan(0.5).stageFor(ctx));
  });
});

describe('injected faults, end to end', () => {
  it('faultRate 1: every attempt fails with a retryable DexError', async () => {
    const dex = createTestDex({ faultRate: 1 });
    const codes = new Set<string>();
    for (const ctx of contexts(40)) {
      const error = await executeAttempt(dex, ['SOL', 'USDC'], 10n ** 9n, 50, ctx).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DexError);
      expect((error as DexError).retryable).toBe(true);
      codes.add((error as DexError).code);
    }
    expect(codes).toEqual(new Set(['RPC_TIMEOUT', 'BLOCKHASH_EXPIRED', 'SLIPPAGE_EXCEEDED']));
  });

  it('faultRate 1 leaves a plain price check (no context) alone', async () => {
    const dex = createTestDex({ faultRate: 1 });
    await expect(dex.router.quote(dex.token('SOL'), dex.token('USDC'), 10n ** 9n)).resolves.toBeDefined();
  });

  it('faultRate 0: no attempt fails', async () => {
    const dex = createTestDex({ faultRate: 0 });
    for (const ctx of contexts(40)) {
      const confirmation = await executeAttempt(dex, ['SOL', 'USDC'], 10n ** 9n, 50, ctx);
      expect(confirmation.amountOut).toBeGreaterThan(0n);
    }
  });

  it('an injected slippage fault reports an actual output below the floor', async () => {
    const dex = createTestDex({ faultRate: 1 });
    for (const ctx of contexts(40)) {
      if (plan(1, dex.options.seed).stageFor(ctx) !== 'landing-slippage') continue;
      const error = (await executeAttempt(dex, ['USDC', 'SOL'], 10n ** 8n, 50, ctx).catch((e) => e)) as DexError;
      expect(error.code).toBe('SLIPPAGE_EXCEEDED');
      expect(BigInt(error.details!.actual as string)).toBeLessThan(BigInt(error.details!.expected as string));
      expect(BigInt(error.details!.feeLamports as string)).toBeGreaterThan(5_000n); // it landed, so it paid
      return;
    }
    throw new Error('no landing-slippage fault among 40 attempts');
  });
});
