import { DexError } from '../errors/dex.error';
import { reservesAt } from '../market/market-state';
import { ConstantProductPoolDefinition, DEFAULT_POOLS } from '../market/pool.definitions';
import { SeededRandom } from '../random/seeded-random';
import { tokenBySymbol } from '../tokens/token.constants';
import { ConstantProductPool } from './constant-product.pool';

const T0 = 1_750_000_000_000;
const random = new SeededRandom('cp-seed');
const definition = (id: string) => DEFAULT_POOLS.find((p) => p.id === id) as ConstantProductPoolDefinition;
const v4 = new ConstantProductPool(definition('raydium-amm-v4-sol-usdc'), random);
const cpmm = new ConstantProductPool(definition('raydium-cpmm-ray-usdc'), random);
const [SOL, USDC, RAY] = ['SOL', 'USDC', 'RAY'].map(tokenBySymbol);

describe('ConstantProductPool', () => {
  it('quotes AMM v4 exactly against the reserves at that moment (25 bps, fee up, output down)', () => {
    const { base, quote } = reservesAt(random, v4.definition, T0);
    const amountIn = 10n * 10n ** 9n;
    const fee = (amountIn * 25n + 9_999n) / 10_000n;
    const result = v4.quoteAt(SOL, amountIn, T0);
    expect(result).toMatchObject({ poolId: v4.definition.id, inAmount: amountIn, feeAmount: fee, poolKind: 'amm-v4' });
    expect(result.outAmount).toBe((quote * (amountIn - fee)) / (base + amountIn - fee));
  });

  it('quotes CPMM with its ppm fee, in both directions', () => {
    const { base, quote } = reservesAt(random, cpmm.definition, T0);
    const amountIn = 1_234_567n; // 1.234567 USDC: fee = ceil(3086.4175) = 3087
    const result = cpmm.quoteAt(USDC, amountIn, T0);
    expect(result.feeAmount).toBe(3_087n);
    expect(result.outAmount).toBe((base * (amountIn - 3_087n)) / (quote + amountIn - 3_087n));
    expect(cpmm.quoteAt(RAY, 10n ** 6n, T0).outAmount).toBeGreaterThan(0n);
  });

  it('refuses to drain a pool, whatever the size', () => {
    const { quote } = reservesAt(random, v4.definition, T0);
    for (const sol of [1n, 1_000n, 100_000n, 1_000_000n, 10_000_000n, 10_000_000_000n]) {
      try {
        expect(v4.quoteAt(SOL, sol * 10n ** 9n, T0).outAmount).toBeLessThan(quote);
      } catch (error) {
        expect((error as DexError).code).toBe('INSUFFICIENT_LIQUIDITY');
      }
    }
    expect(() => v4.quoteAt(SOL, 10_000_000n * 10n ** 9n, T0)).toThrow('drain');
  });

  it('fails an amount too small to produce any output', () => {
    expect(() => v4.quoteAt(SOL, 1n, T0)).toThrow(/rounds to zero/);
  });
});
