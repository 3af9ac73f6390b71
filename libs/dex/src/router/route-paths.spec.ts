import { slotEndMs } from '../chain/slot.clock';
import { DexError } from '../errors/dex.error';
import { DEFAULT_POOLS, PoolDefinition } from '../market/pool.definitions';
import { createTestDex } from '../testing/dex-test.factory';
import { TOKENS, tokenBySymbol } from '../tokens/token.constants';
import { createDefaultVenues } from '../venues/default-venues.factory';
import { MAX_TOKEN_PATHS, PoolGraph } from './pool-graph';
import { MAX_PATH_CANDIDATES } from './route-search';
import { MAX_HOPS, Route } from './route.types';

const BONK = 10n ** 5n;
const symbols = (path: Array<{ symbol: string }>) => path.map((t) => t.symbol).join('>');
const pairsOf = (route: Route) => route.best.legs.map((l) => `${l.tokenIn.symbol}>${l.tokenOut.symbol}`);

/** A CPMM pool of the default market's shape, for specs that add pairs. */
const cpmm = (id: string, base: string, quote: string, baseReserve: string, feePpm: bigint): PoolDefinition => ({
  id, venue: 'raydium', kind: 'cpmm', base, quote, baseReserve, feePpm, noisePpm: 20n,
});

describe('PoolGraph', () => {
  const graph = new PoolGraph(createDefaultVenues('graph'));
  const token = tokenBySymbol;

  it('finds paths of one to three hops, shortest first', () => {
    expect(graph.paths(token('SOL'), token('USDC')).map(symbols)).toEqual(['SOL>USDC']);
    expect(graph.paths(token('SOL'), token('USDT')).map(symbols)).toEqual(['SOL>USDC>USDT']);
    expect(graph.paths(token('BONK'), token('USDT')).map(symbols)).toEqual(['BONK>SOL>USDC>USDT']);
    expect(graph.paths(token('RAY'), token('BONK')).map(symbols)).toEqual(['RAY>USDC>SOL>BONK']);
    expect(graph.paths(token('BONK'), token('USDT'), 2)).toEqual([]);
  });

  it('never visits a token twice and never goes past three hops', () => {
    for (const from of TOKENS) {
      for (const to of TOKENS) {
        if (from === to) continue;
        const paths = graph.paths(from, to);
        // The default market joins every pair within three hops.
        expect(paths.length).toBeGreaterThan(0);
        for (const path of paths) {
          expect(new Set(path.map((t) => t.mint)).size).toBe(path.length);
          expect(path.length - 1).toBeLessThanOrEqual(MAX_HOPS);
          expect([path[0], path.at(-1)]).toEqual([from, to]);
        }
        const lengths = paths.map((p) => p.length);
        expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
      }
    }
  });

  it('stops at its bound on a dense graph', () => {
    // Every pair of the six tokens has a pool: SOL→USDC has 1 + 4 + 12 paths within three hops.
    const dense: PoolDefinition[] = [];
    TOKENS.forEach((a, i) => TOKENS.slice(i + 1).forEach((b) => dense.push(cpmm(`${a.symbol}-${b.symbol}`, a.symbol, b.symbol, '1000', 2_500n))));
    const paths = new PoolGraph(createDefaultVenues('dense', dense)).paths(token('SOL'), token('USDC'));
    expect(paths).toHaveLength(MAX_TOKEN_PATHS);
    expect(paths.map((p) => p.length)).toEqual([2, 3, 3, 3, 3, ...Array(MAX_TOKEN_PATHS - 5).fill(4)]);
  });
});

describe('DexRouter paths of up to three hops', () => {
  it('routes BONK to USDT through SOL and USDC, each hop trading what the previous one produced', async () => {
    const dex = createTestDex();
    const route = await dex.router.quote(dex.token('BONK'), dex.token('USDT'), 1_000_000n * BONK);
    expect(route.best).toMatchObject({ kind: 'multi-hop', hops: 3 });
    expect(pairsOf(route)).toEqual(['BONK>SOL', 'SOL>USDC', 'USDC>USDT']);
    expect(route.best.label).toMatch(/^raydium → \w+ → \w+ via SOL, USDC$/);
    const [first, second, third] = route.best.legs;
    expect([first.chained, second.chained, third.chained]).toEqual([false, true, true]);
    expect(second.inAmount).toBe(first.outAmount);
    expect(third.inAmount).toBe(second.outAmount);
    expect(route.best.outAmount).toBe(third.outAmount);
    // Every pool of each hop is weighed: 1 × 2 × 2 paths.
    expect(route.candidates.filter((c) => c.kind === 'multi-hop')).toHaveLength(4);
    // Three swaps cost more compute than two, and the fee is priced in USDT through the pools.
    expect(route.best.computeUnits).toBeGreaterThan(160_000n);
    expect(route.best.networkFeeOut).toBeGreaterThan(0n);
  });

  it('builds and lands all three swaps, the later ones on what the earlier ones produced', async () => {
    const dex = createTestDex();
    const ctx = { orderId: 'three-hops', attempt: 1 };
    const route = await dex.router.quote(dex.token('BONK'), dex.token('USDT'), 1_000_000n * BONK, ctx);
    const built = await dex.chain.build(route, 100, ctx);
    expect(built.kind).toBe('multi-hop');
    expect(built.legs.map((l) => l.chained)).toEqual([false, true, true]);
    const swaps = built.steps.filter((s) => s.startsWith('Swap '));
    expect(swaps).toHaveLength(3);
    expect(swaps[0]).toMatch(/^Swap 1000000 BONK for SOL/);
    expect(swaps[1]).toMatch(/^Swap all the SOL received for USDC/);
    expect(swaps[2]).toMatch(/^Swap all the USDC received for USDT/);
    const confirmation = await dex.chain.confirm(built, await dex.chain.send(built, ctx), ctx);
    // Recomputed hop by hop against the pools at landing.
    let amount = built.inAmount;
    for (const leg of built.legs) {
      const venue = dex.venues.find((v) => v.name === leg.venue)!;
      amount = venue.quoteAt(leg.poolId, tokenBySymbol(leg.tokenIn), amount, slotEndMs(confirmation.slot)).outAmount;
    }
    expect(confirmation.amountOut).toBe(amount);
    expect(confirmation.amountOut).toBeGreaterThanOrEqual(built.minAmountOut);
  });

  it('takes three hops over a direct pool only when they pay more after fees', async () => {
    const withDirect = (pool: PoolDefinition) => createTestDex({}, undefined, [...DEFAULT_POOLS, pool]);
    // A deep BONK/USDT pool with a low fee: the direct route wins, the three-hop paths are weighed and lose.
    const deep = withDirect(cpmm('raydium-cpmm-bonk-usdt', 'BONK', 'USDT', '100000000000', 100n));
    const direct = await deep.router.quote(deep.token('BONK'), deep.token('USDT'), 1_000_000n * BONK);
    expect(direct.best.kind).toBe('single');
    const threeHops = direct.candidates.filter((c) => c.kind === 'multi-hop');
    expect(threeHops.length).toBeGreaterThan(0);
    for (const c of threeHops) expect(c.score!).toBeLessThan(direct.best.score);
    // A shallow one with a 1% fee: the longer path pays more even after its larger fee.
    const shallow = withDirect(cpmm('raydium-cpmm-bonk-usdt', 'BONK', 'USDT', '500000000', 10_000n));
    const around = await shallow.router.quote(shallow.token('BONK'), shallow.token('USDT'), 1_000_000n * BONK);
    expect(around.best.kind).toBe('multi-hop');
    const single = around.candidates.find((c) => c.kind === 'single')!;
    expect(single.score!).toBeLessThan(around.best.score);
    expect(around.best.networkFeeOut).toBeGreaterThan(single.networkFeeOut!);
  });

  it('weighs at most MAX_PATH_CANDIDATES chained paths on a market with many pools per pair', async () => {
    const extra = [1, 2, 3, 4, 5, 6].map((i) => cpmm(`raydium-cpmm-usdc-usdt-${i}`, 'USDC', 'USDT', '1000000', 100n));
    const dex = createTestDex({}, undefined, [...DEFAULT_POOLS, ...extra]);
    // 1 × 2 × 8 = 16 paths for BONK→USDT: all weighed; SOL→USDT through USDC alone has 2 × 8.
    const bonk = await dex.router.quote(dex.token('BONK'), dex.token('USDT'), 1_000_000n * BONK);
    expect(bonk.candidates.filter((c) => c.kind === 'multi-hop')).toHaveLength(16);
    const more = [7, 8, 9, 10, 11, 12].map((i) => cpmm(`raydium-cpmm-usdc-usdt-${i}`, 'USDC', 'USDT', '1000000', 100n));
    const denser = createTestDex({}, undefined, [...DEFAULT_POOLS, ...extra, ...more]);
    const capped = await denser.router.quote(denser.token('BONK'), denser.token('USDT'), 1_000_000n * BONK);
    expect(capped.candidates.filter((c) => c.kind === 'multi-hop')).toHaveLength(MAX_PATH_CANDIDATES);
  });

  it('cuts a path whose first hop gives nothing: one candidate, not one per continuation', async () => {
    const dex = createTestDex();
    const error = await dex.router.quote(dex.token('BONK'), dex.token('USDT'), 1n).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DexError);
    expect((error as DexError).code).toBe('NO_ROUTE');
    expect((error as DexError).details!.candidates).toEqual([
      { route: 'raydium → … → … via SOL, USDC', code: 'NO_ROUTE', message: 'raydium: the first hop rounds to zero' },
    ]);
  });

  it('answers NO_ROUTE when the pools connect the pair only in more than three hops', async () => {
    // BONK-SOL-USDC-USDT-JUP: JUP trades against USDT here, four hops from BONK.
    const pools = [
      ...DEFAULT_POOLS.filter((p) => p.id !== 'raydium-amm-v4-jup-usdc'),
      cpmm('raydium-cpmm-jup-usdt', 'JUP', 'USDT', '2000000', 2_500n),
    ];
    const dex = createTestDex({}, undefined, pools);
    const error = await dex.router.quote(dex.token('BONK'), dex.token('JUP'), 1_000_000n * BONK).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DexError);
    expect(error).toMatchObject({ code: 'NO_ROUTE', message: 'no pools connect BONK to JUP within 3 hops', retryable: false });
    const jup = await dex.router.quote(dex.token('SOL'), dex.token('JUP'), 10n ** 9n);
    expect(pairsOf(jup)).toEqual(['SOL>USDC', 'USDC>USDT', 'USDT>JUP']);
  });
});
