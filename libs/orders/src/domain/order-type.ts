/** What an order waits for before it executes. */
export const ORDER_TYPES = ['market', 'limit', 'stop', 'sniper'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/** Prices (tokenOut per tokenIn, or SOL per token) are exact decimals with at most this many places. */
export const PRICE_DECIMALS = 18;
const SCALE = 10n ** BigInt(PRICE_DECIMALS);

const PRICE = /^(\d+)(?:\.(\d+))?$/;

/**
 * A price as an exact fraction: `scaled` is the price × 10^18. Undefined for anything that is not
 * a positive decimal with at most 18 places (no sign, no exponent, at most 40 characters).
 */
export function parsePrice(text: string): { scaled: bigint; text: string } | undefined {
  const match = PRICE.exec(text.trim());
  if (!match || text.length > 40) return undefined;
  const [, whole, fraction = ''] = match;
  if (fraction.length > PRICE_DECIMALS) return undefined;
  const scaled = BigInt(whole + fraction.padEnd(PRICE_DECIMALS, '0'));
  if (scaled === 0n) return undefined;
  return { scaled, text: formatPrice(scaled) };
}

/** price × 10^18 → its shortest decimal form. */
export function formatPrice(scaled: bigint): string {
  const digits = scaled.toString().padStart(PRICE_DECIMALS + 1, '0');
  const whole = digits.slice(0, -PRICE_DECIMALS);
  const fraction = digits.slice(-PRICE_DECIMALS).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/**
 * The least output (tokenOut base units) that pays at least `priceScaled` per tokenIn for
 * `amountIn` base units: ceil(amountIn × price), the limit order's guarantee.
 */
export function outputFloor(amountIn: bigint, priceScaled: bigint, decimalsIn: number, decimalsOut: number): bigint {
  const numerator = amountIn * priceScaled * 10n ** BigInt(decimalsOut);
  const denominator = SCALE * 10n ** BigInt(decimalsIn);
  return (numerator + denominator - 1n) / denominator;
}

/**
 * The price (tokenOut per tokenIn, × 10^18, rounded down) of a trade of `amountIn` for
 * `amountOut` base units.
 */
export function tradePrice(amountIn: bigint, amountOut: bigint, decimalsIn: number, decimalsOut: number): bigint {
  return (amountOut * SCALE * 10n ** BigInt(decimalsIn)) / (amountIn * 10n ** BigInt(decimalsOut));
}

/** How far `current` is from `trigger`, in basis points of the trigger (positive: above it). */
export function distanceBps(current: bigint, trigger: bigint): number {
  return Number(((current - trigger) * 10_000n) / trigger);
}

/** A Postgres numeric as text ("150.500", stored scale) in its shortest form ("150.5"). */
export function shortDecimal(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
