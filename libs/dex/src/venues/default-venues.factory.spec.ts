import { DexError } from '../errors/dex.error';
import { tokenBySymbol } from '../tokens/token.constants';
import { createDefaultVenues } from './default-venues.factory';
import { Venue, VenueQuote } from './venue.interface';

const T0 = 1_750_000_000_000;
const SOL = tokenBySymbol('SOL');
const USDC = tokenBySymbol('USDC');

function quoteOrError(venue: Venue, poolId: string, sol: bigint): VenueQuote | DexError {
  try {
    return venue.quoteAt(poolId, SOL, sol * 10n ** 9n, T0);
  } catch (error) {
    if (error instanceof DexError) return error;
    throw error;
  }
}

/** MARKET.md: small and medium orders to Meteora, large ones to Raydium, very large exhaust Meteora's bins. */
describe('the default market, SOL→USDC by size', () => {
  const [raydium, meteora] = createDefaultVenues('test-seed');
  const sizes = [1n, 100n, 1_000n, 10_000n];
  const table = sizes.map((sol) => ({
    sol,
    raydium: quoteOrError(raydium, 'raydium-amm-v4-sol-usdc', sol),
    meteora: quoteOrError(meteora, 'meteora-dlmm-sol-usdc', sol),
  }));

  it('prefers Meteora for small and medium orders (lower fee, no impact inside a bin)', () => {
    for (const row of table.slice(0, 2)) {
      const [r, m] = [row.raydium as VenueQuote, row.meteora as VenueQuote];
      expect(m.outAmount).toBeGreaterThan(r.outAmount);
    }
    expect((table[0].meteora as VenueQuote).priceImpactBps).toBe(0);
  });

  it('leaves very large orders to Raydium: Meteora runs out of bins', () => {
    const big = table[3];
    expect(big.meteora).toBeInstanceOf(DexError);
    expect((big.meteora as DexError).code).toBe('INSUFFICIENT_LIQUIDITY');
    expect((big.raydium as VenueQuote).outAmount).toBeGreaterThan(0n);
    // 10,000 SOL into 20,000 is a third of the pool: heavy impact, but a fill
    expect((big.raydium as VenueQuote).priceImpactBps).toBeGreaterThan(3_000);
  });

  it('buys SOL with USDC on Meteora too, for a small order', () => {
    const usdc = 150n * 10n ** 6n;
    const m = meteora.quoteAt('meteora-dlmm-sol-usdc', USDC, usdc, T0).outAmount;
    expect(m).toBeGreaterThan(raydium.quoteAt('raydium-amm-v4-sol-usdc', USDC, usdc, T0).outAmount);
  });
});
