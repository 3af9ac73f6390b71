import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CLOCK, DEX_OPTIONS, DexModule, DexRouter, LaunchCatalog, SimulatedChain, SystemClock, TokenRegistry } from './index';
import { FakeClock } from './testing/fake-clock';

const SETTINGS = Symbol('SETTINGS');

@Module({ providers: [{ provide: SETTINGS, useValue: { simSeed: 'wired' } }], exports: [SETTINGS] })
class SettingsModule {}

const dexModule = (faultRate = 0) =>
  DexModule.forRootAsync({
    imports: [SettingsModule],
    inject: [SETTINGS],
    useFactory: async (settings: { simSeed: string }) => ({ seed: settings.simSeed, latency: 'off', faultRate }),
  });

describe('DexModule', () => {
  it('provides the market from async options, with a SystemClock by default', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [dexModule()] }).compile();
    expect(moduleRef.get(DEX_OPTIONS)).toEqual({
      seed: 'wired', latency: 'off', faultRate: 0, congestion: true, faults: {}, failOrders: [],
      launchIntervalMs: 300_000, launchAnnounceMs: 60_000, launchRefreshMs: 1_000,
    });
    expect(moduleRef.get(CLOCK)).toBeInstanceOf(SystemClock);
    expect(moduleRef.get(TokenRegistry).resolve('sol')?.decimals).toBe(9);
  });

  it('runs an order end to end on an overridden clock', async () => {
    const clock = new FakeClock(1_750_000_000_000);
    const moduleRef = await Test.createTestingModule({ imports: [dexModule()] })
      .overrideProvider(CLOCK)
      .useValue(clock)
      .compile();
    const tokens = moduleRef.get(TokenRegistry);
    const router = moduleRef.get(DexRouter);
    const chain = moduleRef.get(SimulatedChain);
    const ctx = { orderId: 'wired-1', attempt: 1 };
    const route = await router.quote(tokens.resolve('SOL')!, tokens.resolve('USDC')!, 10n ** 9n, ctx);
    expect(route.quotedAt).toBe(clock.now());
    const built = await chain.build(route, 100, ctx);
    const confirmation = await chain.confirm(built, await chain.send(built, ctx), ctx);
    expect(confirmation.amountOut).toBeGreaterThanOrEqual(built.minAmountOut);
  });

  it('knows the launched tokens: the registry resolves what the LaunchCatalog announces', async () => {
    // 30 s before a scheduled launch (every 5 minutes by default, announced a minute ahead).
    const clock = new FakeClock(1_750_000_200_000 - 30_000);
    const moduleRef = await Test.createTestingModule({ imports: [dexModule()] }).overrideProvider(CLOCK).useValue(clock).compile();
    const [next] = moduleRef.get(LaunchCatalog).upcoming(clock.now());
    expect(next).toBeDefined();
    expect(moduleRef.get(TokenRegistry).resolve(next.token.mint)).toBe(next.token);
    expect(moduleRef.get(TokenRegistry).resolve(next.token.symbol.toLowerCase())).toBe(next.token);
  });

  it('refuses invalid options at start-up', async () => {
    await expect(Test.createTestingModule({ imports: [dexModule(2)] }).compile()).rejects.toThrow(/fault probabilities must be numbers in 0..1, got 2/);
  });
});
