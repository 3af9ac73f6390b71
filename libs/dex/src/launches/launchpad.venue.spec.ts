import { slotEndMs } from '../chain/slot.clock';
import { DexError } from '../errors/dex.error';
import { ExecutionContext } from '../execution-context.interface';
import { createTestDex, executeAttempt, TestDex } from '../testing/dex-test.factory';
import { Token } from '../tokens/token.constants';
import { Venue } from '../venues/venue.interface';
import { buyOnCurve, initialCurve } from './bonding-curve.math';
import { curvePoolId, GRADUATED_POOL_PREFIX } from './launch-market';

/** A scheduled launch of the default cadence; the specs start 30 s before it, once it is announced. */
const LAUNCH_MS = 1_750_000_200_000;
const SOL_UNIT = 10n ** 9n;

function setUp(): { dex: TestDex; token: Token; sol: Token; launchpad: Venue } {
  const dex = createTestDex({ seed: 'launchpad-seed' }, LAUNCH_MS - 30_000);
  const [next] = dex.launches.upcoming();
  const launchpad = dex.venues.find((v) => v.name === 'launchpad')!;
  return { dex, token: next.token, sol: dex.token('SOL'), launchpad };
}

const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as DexError);

describe('the launchpad venue and the router', () => {
  it('lets the registry resolve an announced token by mint or symbol, the static tokens as before', () => {
    const { dex, token } = setUp();
    expect(dex.registry.resolve(token.mint)).toBe(token);
    expect(dex.registry.resolve(` ${token.symbol.toLowerCase()} `)).toBe(token);
    expect(dex.registry.resolve('sol')?.mint).toBe('So11111111111111111111111111111111111111112');
    expect(dex.registry.list().map((t) => t.symbol)).toEqual(['SOL', 'USDC', 'USDT', 'JUP', 'RAY', 'BONK']);
  });

  it('refuses a quote before the launch slot with NOT_YET_TRADABLE, naming the launch time', async () => {
    const { dex, token, sol } = setUp();
    const error = await rejection(dex.router.quote(sol, token, SOL_UNIT));
    expect(error).toMatchObject({ code: 'NOT_YET_TRADABLE', retryable: false });
    expect(error!.message).toContain(new Date(LAUNCH_MS).toISOString());
    const viaUsdc = await rejection(dex.router.quote(dex.token('USDC'), token, 100_000_000n));
    expect(viaUsdc).toMatchObject({ code: 'NOT_YET_TRADABLE' });
  });

  it('routes SOL → token through the launchpad curve from the launch slot, at the curve price', async () => {
    const { dex, token, sol } = setUp();
    dex.clock.set(LAUNCH_MS);
    const route = await dex.router.quote(sol, token, SOL_UNIT);
    expect(route.best).toMatchObject({ kind: 'single', label: 'launchpad' });
    expect(route.best.legs[0]).toMatchObject({ venue: 'launchpad', poolId: curvePoolId(token.mint), feeAmount: 10_000_000n });
    expect(route.best.outAmount).toBe(buyOnCurve(initialCurve(), SOL_UNIT).amountOut);
  });

  it('routes other tokens through SOL, and sells back along the curve', async () => {
    const { dex, token, sol } = setUp();
    dex.clock.set(LAUNCH_MS + 60_000);
    const fromUsdc = await dex.router.quote(dex.token('USDC'), token, 150_000_000n);
    expect(fromUsdc.best.kind).toBe('two-hop');
    expect(fromUsdc.best.legs.map((l) => `${l.tokenIn.symbol}>${l.tokenOut.symbol}`)).toEqual(['USDC>SOL', `SOL>${token.symbol}`]);
    const bought = await dex.router.quote(sol, token, SOL_UNIT);
    const sold = await dex.router.quote(token, sol, bought.best.outAmount);
    expect(sold.best.label).toBe('launchpad');
    // Two 1% fees, and two impacts: an order does not move the derived curve, so the sale meets the
    // curve without the buy that bought the tokens.
    expect(sold.best.outAmount).toBeLessThan((SOL_UNIT * 98n) / 100n);
    expect(sold.best.outAmount).toBeGreaterThan((SOL_UNIT * 90n) / 100n);
  });

  it('executes a swap of a launched token end to end, at the curve as it stands at landing', async () => {
    const { dex, token } = setUp();
    dex.clock.set(LAUNCH_MS);
    const ctx = { orderId: 'launch-buy', attempt: 1 };
    const confirmation = await executeAttempt(dex, ['SOL', token.symbol], SOL_UNIT, 1_000, ctx);
    const launchpad = dex.venues.find((v) => v.name === 'launchpad')!;
    const atLanding = launchpad.quoteAt(curvePoolId(token.mint), dex.token('SOL'), SOL_UNIT, slotEndMs(confirmation.slot));
    expect(confirmation.amountOut).toBe(atLanding.outAmount);
  });

  it('moves a graduated token to its Raydium CPMM pool and off the curve', async () => {
    const { dex, sol } = setUp();
    const graduated = dex.launches.list(dex.clock.now(), 512).find((l) => l.state === 'graduated')!;
    expect(graduated).toBeDefined();
    const token = dex.registry.resolve(graduated.mint)!;
    const route = await dex.router.quote(sol, token, SOL_UNIT);
    expect(route.best.label).toBe('raydium');
    expect(route.best.legs[0].poolId).toBe(`${GRADUATED_POOL_PREFIX}${graduated.mint}`);
    expect(route.candidates.map((c) => c.label)).not.toContain('launchpad');
    expect(graduated).toMatchObject({ venue: 'raydium', poolId: route.best.legs[0].poolId });
  });

  it('fails a swap that lands on a curve completed since the quote with CURVE_COMPLETE, worth a new quote', async () => {
    const { dex } = setUp();
    const graduating = dex.launches.list(dex.clock.now(), 512).find((l) => l.state === 'graduated')!;
    const graduatedAt = Date.parse(graduating.graduatedAt!);
    dex.clock.set(graduatedAt - 100);
    const outcome = await executeAttempt(dex, ['SOL', graduating.symbol], 10_000_000n, 5_000, { orderId: 'late', attempt: 1 }).catch((e) => e);
    expect(outcome).toMatchObject({ code: 'CURVE_COMPLETE', retryable: true });
  });
});

describe('sniper support: ExecutionContext.launchQueue', () => {
  const sniper = (solBefore: bigint, mint: string): ExecutionContext => ({ orderId: 'sniper', attempt: 1, launchQueue: { mint, solBefore } });

  it('gives a sniper behind others fewer tokens for the same SOL', async () => {
    const { dex, token, sol } = setUp();
    dex.clock.set(LAUNCH_MS);
    const first = await dex.router.quote(sol, token, SOL_UNIT, sniper(0n, token.mint));
    const third = await dex.router.quote(sol, token, SOL_UNIT, sniper(5n * SOL_UNIT, token.mint));
    expect(first.best.outAmount).toBe(buyOnCurve(initialCurve(), SOL_UNIT).amountOut);
    expect(third.best.outAmount).toBeLessThan(first.best.outAmount);
    // A queue on another launch changes nothing.
    const elsewhere = await dex.router.quote(sol, token, SOL_UNIT, sniper(5n * SOL_UNIT, 'another-mint'));
    expect(elsewhere.best.outAmount).toBe(first.best.outAmount);
  });

  it('fills consecutive snipers as one buy of their summed SOL, up to rounding', () => {
    const { dex, token, sol, launchpad } = setUp();
    const pool = curvePoolId(token.mint);
    const fill = (amount: bigint, solBefore: bigint) =>
      launchpad.forContext!(sniper(solBefore, token.mint)).quoteAt(pool, sol, amount, LAUNCH_MS).outAmount;
    const sizes = [SOL_UNIT, 3n * SOL_UNIT, SOL_UNIT / 2n, 7n * SOL_UNIT];
    let before = 0n;
    let total = 0n;
    for (const size of sizes) {
      total += fill(size, before);
      before += size;
    }
    const whole = fill(before, 0n);
    expect(total).toBeLessThanOrEqual(whole);
    // Each extra fee rounded up costs at most a lamport's worth of tokens (about 36,000 base units here).
    expect(whole - total).toBeLessThan(BigInt(sizes.length) * 40_000n);
    expect(dex.launches.curveAt(token.mint, LAUNCH_MS)).toEqual(initialCurve()); // the derived state is untouched
  });

  it('refuses a sniper whose queue ahead has taken the whole curve', () => {
    const { token, sol, launchpad } = setUp();
    const venue = launchpad.forContext!(sniper(100n * SOL_UNIT, token.mint));
    expect(() => venue.quoteAt(curvePoolId(token.mint), sol, SOL_UNIT, LAUNCH_MS)).toThrow(/snipers ahead took every token/);
  });

  it('executes a sniper at landing on the curve advanced by the SOL ahead of it', async () => {
    const { dex, token, launchpad } = setUp();
    dex.clock.set(LAUNCH_MS);
    const ctx = sniper(4n * SOL_UNIT, token.mint);
    const confirmation = await executeAttempt(dex, ['SOL', token.symbol], SOL_UNIT, 1_000, ctx);
    const landedAt = slotEndMs(confirmation.slot);
    const pool = curvePoolId(token.mint);
    expect(confirmation.amountOut).toBe(launchpad.forContext!(ctx).quoteAt(pool, dex.token('SOL'), SOL_UNIT, landedAt).outAmount);
    expect(confirmation.amountOut).toBeLessThan(launchpad.quoteAt(pool, dex.token('SOL'), SOL_UNIT, landedAt).outAmount);
  });
});
