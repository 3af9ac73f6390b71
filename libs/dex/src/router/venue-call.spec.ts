import { FakeClock } from '../testing/fake-clock';
import { tokenBySymbol } from '../tokens/token.constants';
import { createDefaultVenues } from '../venues/default-venues.factory';
import { callVenue, VenueCall } from './venue-call';

const T0 = 1_750_000_000_000;
const [raydium] = createDefaultVenues('call-seed');
const call = (overrides: Partial<VenueCall>): VenueCall => ({
  venue: raydium,
  poolId: 'raydium-amm-v4-sol-usdc',
  tokenIn: tokenBySymbol('SOL'),
  amountIn: 10n ** 9n,
  startedAt: T0,
  latencyMs: 80,
  timeoutMs: 1_500,
  faulted: false,
  ...overrides,
});

describe('callVenue', () => {
  it('answers after its latency with the pool as it stood when the venue read it', async () => {
    const clock = new FakeClock(T0);
    const outcome = await callVenue(call({}), clock);
    expect(clock.now()).toBe(T0 + 80);
    const direct = raydium.quoteAt('raydium-amm-v4-sol-usdc', tokenBySymbol('SOL'), 10n ** 9n, T0 + 80);
    expect(outcome.quote).toEqual(direct);
  });

  it('gives up on a venue slower than the timeout, after exactly the timeout', async () => {
    const clock = new FakeClock(T0);
    const outcome = await callVenue(call({ latencyMs: 5_000 }), clock);
    expect(clock.now()).toBe(T0 + 1_500);
    expect(outcome.quote).toBeUndefined();
    expect(outcome.error?.code).toBe('RPC_TIMEOUT');
  });

  it('turns a venue error into an outcome instead of throwing', async () => {
    const outcome = await callVenue(call({ amountIn: 10n ** 25n }), new FakeClock(T0));
    expect(outcome.error?.code).toBe('INSUFFICIENT_LIQUIDITY');
  });
});
