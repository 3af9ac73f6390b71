/** A human amount that cannot become a valid token amount; the message says why. */
export class AmountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AmountError';
  }
}

/** SPL token accounts hold u64 balances; anything larger cannot exist on chain. */
export const U64_MAX = 2n ** 64n - 1n;

// Accepts "1", "1.5", "0.000001" and ".5" (read as 0.5); a trailing point ("1.") is treated as a typo.
const DECIMAL = /^(\d*)(?:\.(\d+))?$/;

/** Parses a human decimal amount ("1.5", "100", "0.000001") into base units, exactly (no floats). */
export function parseAmount(text: string, decimals: number): bigint {
  assertDecimals(decimals);
  const trimmed = text.trim();
  if (trimmed === '') throw new AmountError('amount is empty');
  if (/^[+-]/.test(trimmed)) throw new AmountError('amount must not have a sign');
  if (/^[\d.]*e[+-]?\d*$/i.test(trimmed)) throw new AmountError('exponent notation is not allowed');
  const match = DECIMAL.exec(trimmed);
  if (!match || (match[1] === '' && match[2] === undefined)) {
    throw new AmountError(`"${trimmed}" is not a decimal number (digits and at most one point)`);
  }
  const [, whole, fraction = ''] = match;
  if (fraction.length > decimals) {
    throw new AmountError(`amount has ${fraction.length} decimal places but the token has ${decimals}`);
  }
  const base = BigInt((whole || '0') + fraction.padEnd(decimals, '0'));
  if (base === 0n) throw new AmountError('amount must be greater than zero');
  if (base > U64_MAX) throw new AmountError('amount exceeds the largest balance a token account can hold (u64)');
  return base;
}

/** Base units -> human decimal string, no trailing zeros, no exponent: formatAmount(1500000000n, 9) === '1.5'. */
export function formatAmount(base: bigint, decimals: number): string {
  assertDecimals(decimals);
  const sign = base < 0n ? '-' : '';
  const digits = (base < 0n ? -base : base).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return sign + whole + (fraction ? `.${fraction}` : '');
}

function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 30) {
    throw new RangeError(`decimals must be an integer in 0..30, got ${decimals}`);
  }
}
