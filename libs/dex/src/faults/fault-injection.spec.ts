import { DexError } from '../errors/dex.error';
import { SeededRandom } from '../random/seeded-random';
import { createTestDex } from '../testing/dex-test.factory';
import { FaultPlan } from './fault.plan';

const SOL = 10n ** 9n;
const plan = (options: Partial<ConstructorParameters<typeof FaultPlan>[0]>) =>
  new FaultPlan({ seed: 's', latency: 'off', faultRate: 0, ...options }, new SeededRandom('s'));
const ctx = (i: number, attempt = 1) => ({ orderId: `order-${i}`, attempt, orderNumber: i });

async function errorOf(promise: Promise<unknown>): Promise<DexError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DexError);
  return error as DexError;
}

describe('fault settings', () => {
  it('injects a code with its own probability, at the step where it arises', () => {
    const faults = Array.from({ length: 50 }, (_, i) => plan({ faults: { QUOTE_EXPIRED: 1 } }).faultFor(ctx(i)));
    expect(faults.every((f) => f?.code === 'QUOTE_EXPIRED' && f.stage === 'build')).toBe(true);
    const some = Array.from({ length: 2_000 }, (_, i) => plan({ faults: { SLIPPAGE_EXCEEDED: 0.1 } }).faultFor(ctx(i)));
    const hits = some.filter(Boolean).length;
    expect(hits).toBeGreaterThan(140);
    expect(hits).toBeLessThan(260);
  });

  it('fails order N as told, on the attempts told, and no other order', () => {
    const p = plan({ failOrders: [{ order: 7, code: 'NO_ROUTE', attempts: 1 }, { order: 9, code: 'SLIPPAGE_EXCEEDED' }] });
    expect(p.faultFor(ctx(7, 1))).toEqual({ code: 'NO_ROUTE', stage: 'quote' });
    expect(p.faultFor(ctx(7, 2))).toBeUndefined();
    expect(p.faultFor(ctx(9, 3))).toEqual({ code: 'SLIPPAGE_EXCEEDED', stage: 'landing-slippage' });
    expect(p.faultFor(ctx(8, 1))).toBeUndefined();
    expect(p.faultFor(undefined)).toBeUndefined();
  });
});

describe('injected faults, by code, end to end', () => {
  it('a forced NO_ROUTE fails the quote permanently; RPC_RATE_LIMITED transiently', async () => {
    const dex = createTestDex({ failOrders: [{ order: 1, code: 'NO_ROUTE' }, { order: 2, code: 'RPC_RATE_LIMITED' }] });
    const noRoute = await errorOf(dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL, ctx(1)));
    expect([noRoute.code, noRoute.retryable]).toEqual(['NO_ROUTE', false]);
    const limited = await errorOf(dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL, ctx(2)));
    expect([limited.code, limited.retryable]).toEqual(['RPC_RATE_LIMITED', true]);
  });

  it('QUOTE_EXPIRED is raised when the transaction is built', async () => {
    const dex = createTestDex({ faults: { QUOTE_EXPIRED: 1 } });
    const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL, ctx(1));
    const error = await errorOf(dex.chain.build(route, 50, ctx(1)));
    expect([error.code, error.retryable]).toEqual(['QUOTE_EXPIRED', true]);
  });

  it('a send that timed out names its signature, and that transaction may still land', async () => {
    const dex = createTestDex({ faults: { RPC_TIMEOUT: 1 } });
    const outcomes = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const route = await dex.router.quote(dex.token('SOL'), dex.token('USDC'), SOL, undefined);
      const built = await dex.chain.build(route, 50, ctx(i));
      const sent = await dex.chain.send(built, ctx(i)).then(
        () => undefined,
        (e: DexError) => e,
      );
      if (!sent) continue; // this order's timeout struck the quote, not the send
      expect(sent.code).toBe('RPC_TIMEOUT');
      const { signature, submittedAt, submitSlot } = sent.details as { signature: string; submittedAt: number; submitSlot: number };
      expect(signature).toMatch(/^[1-9A-HJ-NP-Za-km-z]{87,88}$/);
      const result = await dex.chain.confirm(built, { signature, submittedAt, submitSlot }, ctx(i)).then(
        (c) => (c.signature === signature ? 'landed' : 'other'),
        (e: DexError) => e.code,
      );
      outcomes.add(result);
    }
    expect(outcomes).toEqual(new Set(['landed', 'BLOCKHASH_EXPIRED']));
  });
});
