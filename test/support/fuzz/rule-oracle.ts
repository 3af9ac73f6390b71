import { Token, TOKENS } from '@app/dex';

/**
 * The rule oracle of the fuzz suite: an independent copy of the acceptance rules of
 * POST /api/orders/execute (README "HTTP API"), used to decide whether a generated request may be
 * sent with the expectation of a 4xx. It is kept permissive: when in doubt it answers "might be
 * accepted", and such bodies are left out rather than expected to fail.
 */

/** The largest body the api reads; longer ones are refused with 413. */
export const BODY_LIMIT = 16 * 1024;
const ALLOWED_KEYS = new Set(['tokenIn', 'tokenOut', 'amountIn', 'slippage']);
const U64_MAX = 2n ** 64n - 1n;

/** Length as class-validator's isLength counts it (surrogate pairs and variation selectors as one). */
function validatorLength(s: string): number {
  const presentation = s.match(/[^\uFE0F\uFE0E][\uFE0F\uFE0E]/g) ?? [];
  const pairs = s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g) ?? [];
  return s.length - presentation.length - pairs.length;
}

function resolveToken(value: unknown): Token | undefined {
  if (typeof value !== 'string') return undefined;
  const len = validatorLength(value);
  if (len < 1 || len > 64) return undefined;
  const wanted = value.trim();
  return TOKENS.find((t) => t.mint === wanted) ?? TOKENS.find((t) => t.symbol === wanted.toUpperCase());
}

export function amountOk(value: unknown, decimals: number): boolean {
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else return false;
  const match = /^(\d*)(?:\.(\d+))?$/.exec(text);
  if (!match || (match[1] === '' && match[2] === undefined)) return false;
  const [, whole, fraction = ''] = match;
  if (fraction.length > decimals) return false;
  const base = BigInt((whole || '0') + fraction.padEnd(decimals, '0'));
  return base > 0n && base <= U64_MAX;
}

export function slippageOk(value: unknown): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 0.5) return false;
  return /^\d+(?:\.\d{1,4})?$/.test(String(value));
}

function mightBeValidOrder(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const o = body as Record<string, unknown>;
  if (Object.keys(o).some((k) => !ALLOWED_KEYS.has(k))) return false;
  const tokenIn = resolveToken(o.tokenIn);
  const tokenOut = resolveToken(o.tokenOut);
  if (!tokenIn || !tokenOut || tokenIn.mint === tokenOut.mint) return false;
  if (!amountOk(o.amountIn, tokenIn.decimals)) return false;
  if ('slippage' in o && !slippageOk(o.slippage)) return false;
  return true;
}

/** The server's reading of a JSON body: UTF-8 (bad bytes become U+FFFD), a leading BOM dropped. */
export function mightBeAccepted(raw: Buffer): boolean {
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return mightBeValidOrder(JSON.parse(text));
  } catch {
    return false;
  }
}
