/** The highest compute-unit price accepted: 10,000,000 micro-lamports (10 lamports) per compute unit. */
export const MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS = 10_000_000n;
/** The largest Jito tip accepted: 0.1 SOL. */
export const MAX_JITO_TIP_LAMPORTS = 100_000_000n;
/** The largest cap accepted on an automatic priority fee: 0.1 SOL. */
export const MAX_PRIORITY_FEE_CAP_LAMPORTS = 100_000_000n;

/** `'auto'`, or a compute-unit price in micro-lamports per compute unit. */
export type PriorityFee = 'auto' | bigint;

/**
 * How a swap pays to land, as a trader chooses it. Every field is optional: without any, the
 * transaction pays the default compute-unit price (50,000 micro-lamports) and no tip.
 */
export interface FeeChoice {
  /** `'auto'` (priced from the congestion of the moment) or a price, 0..MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS. */
  priorityFee?: PriorityFee;
  /** With `'auto'` only: the most the priority fee may cost in all, in lamports. */
  maxPriorityFeeLamports?: bigint;
  /** A tip to a Jito tip account, in lamports (0..MAX_JITO_TIP_LAMPORTS); 0 is no tip. */
  jitoTipLamports?: bigint;
}

/** The fields as a request or a stored row gives them: strings, numbers or bigints. */
export interface FeeChoiceInput {
  priorityFee?: unknown;
  maxPriorityFeeLamports?: unknown;
  jitoTipLamports?: unknown;
}

/** One broken rule, shaped like the API's validation errors. */
export interface FeeChoiceViolation {
  field: keyof FeeChoice;
  rule: string;
  message: string;
}

/** A fee choice out of bounds or malformed: for an API, a 400 naming each field and rule. */
export class FeeChoiceError extends Error {
  constructor(readonly violations: FeeChoiceViolation[]) {
    super(violations.map((v) => v.message).join('; '));
    this.name = 'FeeChoiceError';
  }
}

/**
 * Reads the fee fields of a request (`priorityFee`: 'auto' or an integer; `jitoTipLamports`,
 * `maxPriorityFeeLamports`: integers, as numbers or decimal strings). Absent (or null) fields
 * stay absent. Throws FeeChoiceError naming every broken rule.
 */
export function parseFeeChoice(input: FeeChoiceInput): FeeChoice {
  const violations: FeeChoiceViolation[] = [];
  const choice: FeeChoice = {};
  const priorityFee = input.priorityFee;
  if (priorityFee === 'auto') {
    choice.priorityFee = 'auto';
  } else if (priorityFee !== undefined && priorityFee !== null) {
    const price = integerOf(priorityFee);
    if (price === undefined) {
      violations.push({
        field: 'priorityFee',
        rule: 'priorityFee',
        message: "priorityFee must be 'auto' or an integer compute-unit price in micro-lamports",
      });
    } else {
      choice.priorityFee = price;
    }
  }
  const lamports = (field: 'jitoTipLamports' | 'maxPriorityFeeLamports') => {
    const value = input[field];
    if (value === undefined || value === null) return;
    const amount = integerOf(value);
    if (amount === undefined) violations.push({ field, rule: 'isInt', message: `${field} must be an integer number of lamports` });
    else choice[field] = amount;
  };
  lamports('jitoTipLamports');
  lamports('maxPriorityFeeLamports');
  violations.push(...feeChoiceViolations(choice));
  if (violations.length > 0) throw new FeeChoiceError(violations);
  return choice;
}

/** The bounds a FeeChoice must keep (parseFeeChoice checks them too); empty when it keeps them. */
export function feeChoiceViolations(choice: FeeChoice): FeeChoiceViolation[] {
  const violations: FeeChoiceViolation[] = [];
  const range = (field: keyof FeeChoice, value: bigint | undefined, max: bigint, unit: string) => {
    if (value === undefined) return;
    if (value < 0n) violations.push({ field, rule: 'min', message: `${field} must not be less than 0` });
    if (value > max) violations.push({ field, rule: 'max', message: `${field} must not be greater than ${max} (${unit})` });
  };
  const { priorityFee, maxPriorityFeeLamports, jitoTipLamports } = choice;
  if (typeof priorityFee === 'bigint') {
    range('priorityFee', priorityFee, MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS, 'micro-lamports per compute unit');
  }
  range('jitoTipLamports', jitoTipLamports, MAX_JITO_TIP_LAMPORTS, '0.1 SOL');
  range('maxPriorityFeeLamports', maxPriorityFeeLamports, MAX_PRIORITY_FEE_CAP_LAMPORTS, '0.1 SOL');
  if (maxPriorityFeeLamports !== undefined && priorityFee !== 'auto') {
    violations.push({
      field: 'maxPriorityFeeLamports',
      rule: 'autoOnly',
      message: "maxPriorityFeeLamports applies only with priorityFee 'auto'",
    });
  }
  return violations;
}

/** Throws FeeChoiceError unless the choice keeps its bounds. */
export function assertFeeChoice(choice: FeeChoice): void {
  const violations = feeChoiceViolations(choice);
  if (violations.length > 0) throw new FeeChoiceError(violations);
}

/** For storage or a response: integers as decimal strings; parseFeeChoice reads it back. */
export function feeChoiceToJson(choice: FeeChoice): Record<string, string> {
  const json: Record<string, string> = {};
  for (const field of ['priorityFee', 'maxPriorityFeeLamports', 'jitoTipLamports'] as const) {
    const value = choice[field];
    if (value !== undefined) json[field] = value.toString();
  }
  return json;
}

/** An integer from a bigint, a safe-integer number or a decimal string (at most 20 digits); else undefined. */
function integerOf(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return BigInt(value);
  return undefined;
}
