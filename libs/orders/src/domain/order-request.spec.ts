import { TokenRegistry } from '@app/dex';
import { OrderValidationError } from './order-errors';
import { parseOrderRequest } from './order-request';

const tokens = new TokenRegistry();

function violations(body: Parameters<typeof parseOrderRequest>[0]) {
  try {
    parseOrderRequest(body, tokens);
  } catch (err) {
    if (err instanceof OrderValidationError) return err.violations;
    throw err;
  }
  throw new Error('expected a validation error');
}

describe('parseOrderRequest', () => {
  it('turns token units into exact base units, by symbol or mint', () => {
    const r = parseOrderRequest({ tokenIn: 'sol', tokenOut: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', amountIn: 0.1 }, tokens);
    expect(r.tokenIn.symbol).toBe('SOL');
    expect(r.tokenOut.symbol).toBe('USDC');
    expect(r.amountIn).toBe(100_000_000n);
    expect(r.slippageBps).toBe(50);
  });

  it('reads a decimal string exactly, beyond what a float holds', () => {
    const r = parseOrderRequest({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '12345678.123456789' }, tokens);
    expect(r.amountIn).toBe(12_345_678_123_456_789n);
  });

  it('converts slippage to whole basis points', () => {
    expect(parseOrderRequest({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1, slippage: 0.0125 }, tokens).slippageBps).toBe(125);
    expect(parseOrderRequest({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1, slippage: 0 }, tokens).slippageBps).toBe(0);
    expect(parseOrderRequest({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 1, slippage: 0.5 }, tokens).slippageBps).toBe(5000);
  });

  it('names every broken rule at once', () => {
    expect(violations({ tokenIn: 'XYZ', tokenOut: 'ABC', amountIn: 1, slippage: 0.00001 })).toEqual([
      expect.objectContaining({ field: 'tokenIn', rule: 'knownToken' }),
      expect.objectContaining({ field: 'tokenOut', rule: 'knownToken' }),
      expect.objectContaining({ field: 'slippage', rule: 'precision' }),
    ]);
  });

  it('refuses more decimals than the input token has', () => {
    expect(violations({ tokenIn: 'BONK', tokenOut: 'SOL', amountIn: '1.000001' })).toEqual([
      { field: 'amountIn', rule: 'amount', message: 'amountIn has 6 decimal places but the token has 5' },
    ]);
  });
});
