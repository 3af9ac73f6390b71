import { IsDefined, IsIn, IsInt, isNumber, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateBy } from 'class-validator';
import { MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS, MAX_JITO_TIP_LAMPORTS, MAX_PRIORITY_FEE_CAP_LAMPORTS } from '@app/dex';
import { ORDER_TYPES, OrderType } from '../domain/order-type';

/**
 * Longest `amountIn` string: far more than any u64 amount with its decimals needs (20 digits, a
 * point, 30 decimals), and short enough that no later step (trim, the decimal pattern, BigInt)
 * ever sees a large input.
 */
export const MAX_AMOUNT_TEXT = 64;

/** A year: the longest a trigger order may wait. */
export const MAX_EXPIRY_S = 31_536_000;
/** The fee bounds are the market's (libs/dex/src/fees/fee-choice.ts), as numbers for the validator. */
const MAX_PRIORITY_FEE = Number(MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS);
const MAX_TIP = Number(MAX_JITO_TIP_LAMPORTS);
const MAX_FEE_CAP = Number(MAX_PRIORITY_FEE_CAP_LAMPORTS);

/** Longest price text: 20 integer digits, a point and 18 decimals, with room to spare. */
const MAX_PRICE_TEXT = 40;

/**
 * A price: a decimal string of at most 40 characters or a finite number (as amountIn takes both);
 * its value (positive, at most 18 decimals) is checked by parseOrderTerms.
 */
function IsPrice(field: string): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPrice',
      validator: {
        validate: (v: unknown) =>
          (typeof v === 'string' && v.length >= 1 && v.length <= MAX_PRICE_TEXT) || isNumber(v, { allowNaN: false, allowInfinity: false }),
      },
    },
    { message: `${field} must be a decimal string (at most ${MAX_PRICE_TEXT} characters) or a number` },
  );
}

/**
 * Body of POST /api/orders/execute. Shape rules live here; the rules that need the token list
 * (known token, decimals) are checked by `parseOrderRequest`.
 */
export class ExecuteOrderDto {
  /** Symbol (SOL) or mint address of the token sold. */
  @IsDefined() @IsString() @Length(1, 64)
  tokenIn: string;

  /** Symbol or mint address of the token bought. */
  @IsDefined() @IsString() @Length(1, 64)
  tokenOut: string;

  /** Amount of tokenIn in token units: a number (100, 0.5) or a decimal string ("0.000000001"). */
  @IsDefined()
  @ValidateBy(
    {
      name: 'isNumber',
      validator: { validate: (v: unknown) => typeof v === 'string' || isNumber(v, { allowNaN: false, allowInfinity: false }) },
    },
    { message: 'amountIn must be a number or a decimal string' },
  )
  @ValidateBy(
    { name: 'isLength', validator: { validate: (v: unknown) => typeof v !== 'string' || v.length <= MAX_AMOUNT_TEXT } },
    { message: `amountIn must be shorter than or equal to ${MAX_AMOUNT_TEXT} characters` },
  )
  amountIn: number | string;

  /** Largest accepted shortfall from the quoted output, as a fraction: 0.01 = 1%. Default 0.005. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(0.5)
  slippage?: number;

  /** `market` (default): now. `limit`, `stop`: when the trigger price is reached. `sniper`: in a launch's first slot. */
  @IsOptional() @IsIn(ORDER_TYPES)
  type?: OrderType;

  /** Limit and stop orders: tokenOut per one tokenIn, in token units, as a decimal string ("151.25"). */
  @IsOptional() @IsPrice('triggerPrice')
  triggerPrice?: string | number;

  /** Sniper orders: the most SOL per token (in token units) the order may pay on average, a decimal string. */
  @IsOptional() @IsPrice('maxPrice')
  maxPrice?: string | number;

  /** Trigger orders: when a still-waiting order expires, as an ISO 8601 time. */
  @IsOptional() @IsString() @Length(1, 40)
  expiresAt?: string;

  /** Trigger orders: seconds from now until a still-waiting order expires (instead of expiresAt). */
  @IsOptional() @IsInt() @Min(1) @Max(MAX_EXPIRY_S)
  expiresIn?: number;

  /** The compute-unit price: "auto" (the engine's estimate for the moment) or micro-lamports per CU. */
  @IsOptional()
  @ValidateBy(
    { name: 'priorityFee', validator: { validate: (v: unknown) => v === 'auto' || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_PRIORITY_FEE) } },
    { message: `priorityFee must be "auto" or an integer from 0 to ${MAX_PRIORITY_FEE} (micro-lamports per compute unit)` },
  )
  priorityFee?: 'auto' | number;

  /** With priorityFee "auto": the most the priority fee may cost, in lamports. */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_FEE_CAP)
  maxPriorityFeeLamports?: number;

  /** A tip to a Jito validator, in lamports: the transaction then lands as a bundle when it is enough. */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_TIP)
  jitoTipLamports?: number;
}

const FIELDS = new Set(['tokenIn', 'tokenOut', 'amountIn', 'slippage']);
const TOKEN = /^[\x20-\x7e]{1,64}$/;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The common case without the validator: a flat body that certainly passes every rule above
 * (printable-ASCII tokens of 1 to 64 characters, a finite number or a string of at most 64
 * characters as amount, a slippage absent or within [0, 0.5], no other field) becomes the DTO
 * directly. Anything else returns undefined and
 * goes through class-validator, which reports each broken rule. Being stricter than the rules is
 * safe here; being laxer is not (a property test holds it to that).
 */
export function executeOrderDtoIfCertainlyValid(value: unknown): ExecuteOrderDto | undefined {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const body = value as Record<string, unknown>;
  for (const key of Object.keys(body)) if (!FIELDS.has(key)) return undefined;
  const { tokenIn, tokenOut, amountIn, slippage } = body;
  if (typeof tokenIn !== 'string' || !TOKEN.test(tokenIn)) return undefined;
  if (typeof tokenOut !== 'string' || !TOKEN.test(tokenOut)) return undefined;
  if (typeof amountIn === 'string' ? amountIn.length > MAX_AMOUNT_TEXT : !finite(amountIn)) return undefined;
  if (slippage !== undefined && slippage !== null && !(finite(slippage) && slippage >= 0 && slippage <= 0.5)) {
    return undefined;
  }
  return Object.assign(new ExecuteOrderDto(), body);
}
