import { createHash } from 'node:crypto';
import { feeChoiceToJson } from '@app/dex';
import { OrderRequest } from './order-request';

/**
 * Fingerprint of what an order asks for, after normalisation: `1`, `"1"` and `"1.0"` SOL are the
 * same request, as are a symbol and its mint. Two requests with one Idempotency-Key must match it.
 */
export function requestHash(request: OrderRequest): string {
  const canonical: unknown[] = [request.tokenIn.mint, request.tokenOut.mint, request.amountIn.toString(), request.slippageBps];
  // A market order's fingerprint is as it always was; other types add what they wait for.
  const t = request.terms;
  if (t.type !== 'market' || t.fees !== undefined) {
    canonical.push(t.type, t.trigger?.text ?? null, t.maxPrice?.text ?? null, t.expiryAsGiven ?? null);
    canonical.push(t.fees ? feeChoiceToJson(t.fees) : null);
  }
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
