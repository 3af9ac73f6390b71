import { createHash } from 'node:crypto';
import { OrderRequest } from './order-request';

/**
 * Fingerprint of what an order asks for, after normalisation: `1`, `"1"` and `"1.0"` SOL are the
 * same request, as are a symbol and its mint. Two requests with one Idempotency-Key must match it.
 */
export function requestHash(request: OrderRequest): string {
  const canonical = [request.tokenIn.mint, request.tokenOut.mint, request.amountIn.toString(), request.slippageBps];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
