import { AmountError } from '../amounts/amount.codec';
import { DexError } from '../errors/dex.error';
import { DEFAULT_POOLS } from '../market/pool.definitions';
import { createTestDex, TEST_START_MS } from '../testing/dex-test.factory';
import { Route } from './route.types';

const SOL = 10n ** 9n;

async function quoteError(promise: Promise<unknown>): Promise<DexError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DexError);
  return error as DexError;
}

const share = (route: Route, venue: string) =>
  route.best.legs.filter((l) => l.venue === venue).reduce((s, l) => s + l.shareBps, 0);

describe('DexRouter', () => {
  it('weighs every single pool and the best split, picks the best score and says why', async () => {
    const dex = createTestDex();
    const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), 10n * SOL);
    const labels = route.candidates.map((c) => `${c.kind}:${c.label}`);
    expect(labels).toEqual(expect.arrayContaining(['single:raydium', 'single:meteora']));
    const scores = route.candidates.filter((c) => c.score !== undefined).map((c) => c.score!);
    expect(scores.every((s) => s <= route.best.score)).toBe(true);
    expect(route.best.score).toBe(route.best.outAmount - route.best.networkFeeOut);
    expect(route.reason).toMatch(/ gives [\d.]+ USDC, \d+ bps more than .+ after network fees$/);
    expect(route.gainBps).toBeGreaterThanOrEqual(0);
  });

  it('moves from Meteora to a split to mostly Raydium as the order grows, impact rising', async () => {
    const dex = createTestDex();
    const routes: Route[] = [];
    for (const size of [1n, 100n, 1_000n, 10_000n]) {
      routes.push(await dex.router.quote(dex.token('SOL'), dex.token('USDC'), size * SOL));
    }
    expect(routes[0].best.label).toBe('meteora');
    expect(routes[2].best.kind).toBe('split');
    for (let i = 1; i < routes.length; i++) {
      expect(share(routes[i], 'raydium')).toBeGreaterThanOrEqual(share(routes[i - 1], 'raydium'));
      expect(routes[i].best.priceImpactBps).toBeGreaterThanOrEqual(routes[i - 1].best.priceImpactBps);
    }
    expect(share(routes[3], 'raydium')).toBeGreaterThan(5_000);
  });

  it('finds the split that beats both pools alone, and its legs add up to the order', async () => {
    const dex = createTestDex();
    const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), 500n * SOL);
    expect(route.best.kind).toBe('split');
    expect(route.best.legs.reduce((s, l) => s + l.inAmount, 0n)).toBe(500n * SOL);
    expect(route.best.legs.reduce((s, l) => s + l.shareBps, 0)).toBe(10_000);
    for (const single of route.candidates.filter((c) => c.kind === 'single' && c.score !== undefined)) {
      expect(route.best.score).toBeGreaterThan(single.score!);
    }
  });

  it('splits only when the extra output pays for the extra instruction', async () => {
    const dex = createTestDex();
    const tiny = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL / 100n);
    expect(tiny.best.kind).toBe('single');
    expect(tiny.best.networkFeeOut).toBeGreaterThan(0n);
  });

  it('reaches a pair without a pool through SOL or USDC', async () => {
    const dex = createTestDex();
    const solUsdt = await dex.router.quote(dex.token('SOL'), dex.token('USDT'), 2n * SOL);
    expect(solUsdt.best.kind).toBe('two-hop');
    expect(solUsdt.best.legs.map((l) => `${l.tokenIn.symbol}>${l.tokenOut.symbol}`)).toEqual(['SOL>USDC', 'USDC>USDT']);
    expect(solUsdt.best.legs[1].chained).toBe(true);
    expect(solUsdt.best.legs[1].inAmount).toBe(solUsdt.best.legs[0].outAmount);
    const bonk = await dex.router.quote(dex.token('BONK'), dex.token('USDC'), 1_000_000n * 10n ** 5n);
    expect(bonk.best.legs.map((l) => l.tokenOut.symbol)).toEqual(['SOL', 'USDC']);
  });

  it.each([
    ['BONK', 'USDT'],
    ['RAY', 'BONK'],
  ])('has no route for %s -> %s when no pool holds BONK', async (from, to) => {
    // With the default market every pair is within three hops; without its BONK pool, BONK is cut off.
    const dex = createTestDex({}, undefined, DEFAULT_POOLS.filter((p) => p.base !== 'BONK' && p.quote !== 'BONK'));
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

  it('throws NO_ROUTE when the amount is too small for any pool, and rejects zero', async () => {
    const dex = createTestDex();
    expect((await quoteError(dex.router.quote(dex.token('SOL'), dex.token('USDC'), 1n))).code).toBe('NO_ROUTE');
    await expect(dex.router.quote(dex.token('SOL'), dex.token('USDC'), 0n)).rejects.toThrow(AmountError);
  });

  it('reports a route that cannot fill the order, and routes through the others', async () => {
    const dex = createTestDex();
    // 1,000 SOL is more than Meteora's bins hold: alone it fails, in a split it takes what it can.
    const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), 1_000n * SOL);
    expect(route.candidates).toContainEqual({
      kind: 'single',
      label: 'meteora',
      error: { code: 'INSUFFICIENT_LIQUIDITY', message: expect.any(String) },
    });
    expect(route.best.kind).toBe('split');
  });

  it('times every venue out on an injected RPC timeout, after the per-venue timeout', async () => {
    const dex = createTestDex({ latency: 'realistic', faultRate: 1 });
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
    expect(a.best.outAmount).not.toEqual(b.best.outAmount);
  });

  it('quotes against the market of the moment', async () => {
    const dex = createTestDex();
    const first = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL);
    dex.clock.set(TEST_START_MS + 30_000);
    const later = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL);
    expect(later.best.outAmount).not.toBe(first.best.outAmount);
  });
});
