import { DexError } from '../errors/dex.error';
import { createTestDex, executeAttempt } from '../testing/dex-test.factory';

/**
 * A moment when SOL's price jumps (seed e2e-seed): a swap quoted just before it lands just after it,
 * about 1.8% lower, beyond a 0.5% slippage.
 */
const BEFORE_A_JUMP_MS = Date.parse('2026-12-02T03:59:21.300Z');
const SOL = 1_000_000_000n;

describe('a landing that fails on its own, with latency off', () => {
  it('is reported at its landing time, so that the retry quotes the market the failed swap met and lands', async () => {
    const dex = createTestDex({ seed: 'e2e-seed', congestion: false }, BEFORE_A_JUMP_MS);
    const ctx = { orderId: '01a234e8-9aae-704b-85a8-4a7cfc3d3881', attempt: 1 };
    const failure = await executeAttempt(dex, ['SOL', 'USDC'], SOL, 50, ctx).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(DexError);
    expect((failure as DexError).code).toBe('SLIPPAGE_EXCEEDED');
    const landedAt = Number((failure as DexError).details?.landedAt);
    expect(dex.clock.now()).toBeGreaterThanOrEqual(landedAt);

    const retry = await executeAttempt(dex, ['SOL', 'USDC'], SOL, 50, { ...ctx, attempt: 2 });
    expect(retry.amountOut).toBeGreaterThan(0n);
  });

  it('a successful landing is returned at once', async () => {
    const dex = createTestDex({ seed: 'e2e-seed', congestion: false }, BEFORE_A_JUMP_MS - 60_000);
    await executeAttempt(dex, ['SOL', 'USDC'], SOL, 50, { orderId: '01a234e8-9aae-704b-85a8-4a7cfc3d3882', attempt: 1 });
    expect(dex.clock.now()).toBe(BEFORE_A_JUMP_MS - 60_000);
  });
});
