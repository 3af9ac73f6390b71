import { BuiltSwap } from './chain.types';
import { builtSwapFromJson, builtSwapToJson } from './built-swap.json';

const swap: BuiltSwap = {
  route: 'raydium → meteora via USDC',
  kind: 'two-hop',
  legs: [
    {
      venue: 'raydium',
      poolId: 'raydium-amm-v4-sol-usdc',
      tokenIn: 'SOL',
      tokenOut: 'USDC',
      inAmount: 18_446_744_073_709_551_615n,
      quotedOut: 1_495_504_117n,
      chained: false,
    },
    {
      venue: 'meteora',
      poolId: 'meteora-dlmm-usdc-usdt',
      tokenIn: 'USDC',
      tokenOut: 'USDT',
      inAmount: 1_495_504_117n,
      quotedOut: 1_495_000_000n,
      chained: true,
    },
  ],
  tokenIn: 'SOL',
  tokenOut: 'USDT',
  inAmount: 18_446_744_073_709_551_615n, // u64 max: beyond what a JSON number holds exactly
  quotedOut: 1_495_504_117n,
  minAmountOut: 1_488_026_596n,
  slippageBps: 50,
  computeUnits: 190_000,
  feeLamports: 14_500n,
  blockhash: 'EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N',
  lastValidSlot: 414_077_800,
  builtAt: 1_750_000_000_030,
  steps: ['ComputeBudget: SetComputeUnitLimit 200000', 'Swap'],
};

describe('BuiltSwap JSON', () => {
  it('stores bigints as decimal strings and survives a JSON round trip exactly', () => {
    const json = builtSwapToJson(swap);
    expect(json.inAmount).toBe('18446744073709551615');
    expect(json.minAmountOut).toBe('1488026596');
    const stored = JSON.parse(JSON.stringify(json));
    expect(builtSwapFromJson(stored)).toEqual(swap);
  });

  it('rejects malformed input, naming the field', () => {
    const json = builtSwapToJson(swap);
    expect(() => builtSwapFromJson({ ...json, minAmountOut: 1.5 })).toThrow(/minAmountOut/);
    expect(() => builtSwapFromJson({ ...json, inAmount: '-1' })).toThrow(/inAmount/);
    expect(() => builtSwapFromJson({ ...json, quotedOut: '1e9' })).toThrow(/quotedOut/);
    expect(() => builtSwapFromJson({ ...json, lastValidSlot: '5' })).toThrow(/lastValidSlot/);
    expect(() => builtSwapFromJson({ ...json, steps: [1] })).toThrow(/steps/);
    expect(() => builtSwapFromJson({ ...json, legs: [] })).toThrow(/legs/);
    expect(() => builtSwapFromJson({ ...json, kind: 'three-hop' })).toThrow(/kind/);
    expect(() => builtSwapFromJson(null)).toThrow(TypeError);
  });
});
