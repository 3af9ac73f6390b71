import { AmountError } from '../amounts/amount.codec';
import { DexError } from '../errors/dex.error';
import { createTestDex, TEST_START_MS } from '../testing/dex-test.factory';
import { Venue } from '../venues/venue.interface';
import { DexRouter } from './dex-router.service';

const SOL = 10n ** 9n;

async function quoteError(promise: Promise<unknown>): Promise<DexError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DexError);
  return error as DexError;
}

describe('DexRouter', () => {
  it('asks both venues, picks the higher output and says why', async () => {
    const dex = createTestDex();
    const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), 10n * SOL);
    expect(route.candidates.map((c) => c.venue)).toEqual(['raydium', 'meteora']);
    const outs = route.candidates.map((c) => c.outAmount!);
    const [winner, loser] = outs[0] > outs[1] ? ['raydium', 'meteora'] : ['meteora', 'raydium'];
    expect(route.best.venue).toBe(winner);
    expect(route.best.outAmount).toBe(outs[0] > outs[1] ? outs[0] : outs[1]);
    expect(route.reason).toMatch(new RegExp(`^${winner} gives [\\d.]+ USDC, \\d+ bps more than ${loser}$`));
    expect(route.candidates.every((c) => c.feeAmount! > 0n && c.poolId && c.error === undefined)).toBe(true);
  });

  it('routes small orders to the better-priced pool and large ones to the deeper pool', async () => {
    // Seed chosen so meteora is priced above raydium: its lower fee wins small, raydium's depth wins big.
    const dex = createTestDex({ seed: 'demo' });
    const small = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), 1n * SOL);
    const large = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), 10_000n * SOL);
    expect(small.best.venue).toBe('meteora');
    expect(large.best.venue).toBe('raydium');
    expect(large.best.priceImpactBps).toBeGreaterThan(small.best.priceImpactBps);
  });

  it('quotes the reverse direction and single-venue pairs', async () => {
    const dex = createTestDex();
    const reverse = await dex.router.quote(dex.token('USDC'), dex.token('SOL'), 1_000n * 10n ** 6n);
    expect(reverse.best.outAmount > 6n * SOL && reverse.best.outAmount < 7n * SOL).toBe(true);
    const jup = await dex.router.quote(dex.token('JUP'), dex.token('USDC'), 1_000n * 10n ** 6n);
    expect(jup.candidates).toHaveLength(1);
    expect(jup.reason).toMatch(/^raydium gives [\d.]+ USDC; it is the only venue with this pair$/);
  });

  it('stamps the quote and lets it expire 10 s later', async () => {
    const dex = createTestDex();
    const route = await dex.router.quote(dex.token('USDC'), dex.token('USDT'), 10n ** 6n);
    expect(route.quotedAt).toBe(TEST_START_MS);
    expect(route.expiresAt).toBe(TEST_START_MS + 10_000);
  });

  it.each([
    ['BONK', 'USDT'],
    ['SOL', 'USDT'],
    ['RAY', 'USDC'],
    ['BONK', 'SOL'],
    ['SOL', 'SOL'],
  ])('has no route for %s -> %s', async (from, to) => {
    const dex = createTestDex();
    const error = await quoteError(dex.router.quote(dex.token(from), dex.token(to), 100n * 10n ** 5n));
    expect(error.code).toBe('NO_ROUTE');
    expect(error.retryable).toBe(false);
  });

  it('throws INSUFFICIENT_LIQUIDITY when the trade would drain every pool', async () => {
    const dex = createTestDex();
    const error = await quoteError(dex.router.quote(dex.token('SOL'), dex.token('USDC'), 10_000_000n * SOL));
    expect(error.code).toBe('INSUFFICIENT_LIQUIDITY');
    expect(error.retryable).toBe(false);
  });

  it('throws NO_ROUTE when the amount is too small for any venue, and rejects zero', async () => {
    const dex = createTestDex();
    expect((await quoteError(dex.router.quote(dex.token('SOL'), dex.token('USDC'), 1n))).code).toBe('NO_ROUTE');
    await expect(dex.router.quote(dex.token('SOL'), dex.token('USDC'), 0n)).rejects.toThrow(AmountError);
  });

  it('reports a failing venue as a candidate and routes through the other', async () => {
    const dex = createTestDex();
    const broken: Venue = {
      name: 'meteora',
      poolFor: (a, b) => dex.venues[1].poolFor(a, b),
      quoteAt: () => {
        throw new DexError('RPC_RATE_LIMITED', '429 Too Many Requests');
      },
    };
    const router = new DexRouter(dex.options, dex.clock, [dex.venues[0], broken]);
    const route = await router.quote(dex.token('SOL'), dex.token('USDC'), SOL);
    expect(route.best.venue).toBe('raydium');
    expect(route.candidates[1]).toEqual({
      venue: 'meteora',
      poolId: 'meteora-sol-usdc',
      error: { code: 'RPC_RATE_LIMITED', message: '429 Too Many Requests' },
    });
    expect(route.reason).toMatch(/only venue that answered; meteora failed \(RPC_RATE_LIMITED\)$/);
  });

  it('times every venue out on an injected quote fault, after the per-venue timeout', async () => {
    const dex = createTestDex({ latency: 'realistic', faultRate: 1 });
    // find an attempt whose fault lands on the quote stage
    for (let attempt = 1; attempt < 50; attempt++) {
      const ctx = { orderId: 'timeout-order', attempt };
      const start = dex.clock.now();
      const result = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL, ctx).catch((e) => e);
      if (result instanceof DexError) {
        expect(result.code).toBe('RPC_TIMEOUT');
        expect(result.retryable).toBe(true);
        expect(dex.clock.now() - start).toBe(1_500);
        return;
      }
    }
    throw new Error('no quote-stage fault in 50 attempts');
  });

  it('takes 60-90 ms with realistic latency (venues in parallel) and no time with latency off', async () => {
    const realistic = createTestDex({ latency: 'realistic' });
    await realistic.router.quote(realistic.token('SOL'), realistic.token('USDC'), SOL);
    const elapsed = realistic.clock.now() - TEST_START_MS;
    expect(elapsed >= 60 && elapsed <= 90).toBe(true);
    const off = createTestDex({ latency: 'off' });
    await off.router.quote(off.token('SOL'), off.token('USDC'), SOL);
    expect(off.clock.sleeps.every((ms) => ms === 0)).toBe(true);
  });

  it('is deterministic: same seed and clock give the same route, another seed other prices', async () => {
    const quote = (seed: string) => {
      const dex = createTestDex({ seed, latency: 'realistic' });
      return dex.router.quote(dex.token('SOL'), dex.token('USDC'), 25n * SOL, { orderId: 'o', attempt: 1 });
    };
    expect(await quote('alpha')).toEqual(await quote('alpha'));
    const [a, b] = [await quote('alpha'), await quote('beta')];
    expect(a.candidates.map((c) => c.outAmount)).not.toEqual(b.candidates.map((c) => c.outAmount));
  });

  it('quotes against the market of the moment', async () => {
    const dex = createTestDex();
    const first = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL);
    dex.clock.set(TEST_START_MS + 30_000);
    const later = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL);
    expect(later.best.outAmount).not.toBe(first.best.outAmount);
  });
});
