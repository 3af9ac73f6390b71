import { IsDefined, IsIn, IsInt, isNumber, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateBy } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiProperty({
    description: 'The token sold: a known symbol (case-insensitive) or mint address.',
    minLength: 1,
    maxLength: 64,
    example: 'SOL',
  })
  @IsDefined() @IsString() @Length(1, 64)
  tokenIn: string;

  /** Symbol or mint address of the token bought. */
  @ApiProperty({
    description: 'The token bought, different from tokenIn.',
    minLength: 1,
    maxLength: 64,
    example: 'USDC',
  })
  @IsDefined() @IsString() @Length(1, 64)
  tokenOut: string;

  /** Amount of tokenIn in token units: a number (100, 0.5) or a decimal string ("0.000000001"). */
  @ApiProperty({
    description:
      'In tokenIn units: positive, at most the token\'s decimals (SOL 9, USDC 6, BONK 5) and u64 base units, no exponent. ' +
      'Send very large or tiny amounts as strings.',
    oneOf: [{ type: 'string', maxLength: MAX_AMOUNT_TEXT, example: '1.5' }, { type: 'number', example: 1.5 }],
  })
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
  @ApiPropertyOptional({
    description: 'The largest shortfall from the quoted output accepted, as a fraction (0.01 = 1%), at most 4 decimals.',
    minimum: 0,
    maximum: 0.5,
    default: 0.005,
    example: 0.01,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(0.5)
  slippage?: number;

  /** `market` (default): now. `limit`, `stop`: when the trigger price is reached. `sniper`: in a launch's first slot. */
  @ApiPropertyOptional({
    enum: ORDER_TYPES,
    default: 'market',
    description: 'market: now; limit, stop: at triggerPrice; sniper: in a launch\'s first slot.',
  })
  @IsOptional() @IsIn(ORDER_TYPES)
  type?: OrderType;

  /** Limit and stop orders: tokenOut per one tokenIn, in token units, as a decimal string ("151.25"). */
  @ApiPropertyOptional({
    description: 'Limit and stop only, required for them: tokenOut per one tokenIn, positive, at most 18 decimals.',
    oneOf: [{ type: 'string', minLength: 1, maxLength: MAX_PRICE_TEXT, example: '151.25' }, { type: 'number' }],
  })
  @IsOptional() @IsPrice('triggerPrice')
  triggerPrice?: string | number;

  /** Sniper orders: the most SOL per token (in token units) the order may pay on average, a decimal string. */
  @ApiPropertyOptional({
    description: 'Sniper only: the most SOL per token the fill may cost on average.',
    oneOf: [{ type: 'string', minLength: 1, maxLength: MAX_PRICE_TEXT, example: '0.0000001' }, { type: 'number' }],
  })
  @IsOptional() @IsPrice('maxPrice')
  maxPrice?: string | number;

  /** Trigger orders: when a still-waiting order expires, as an ISO 8601 time. */
  @ApiPropertyOptional({
    description: 'Limit, stop, sniper: when a still-waiting order expires, ISO 8601 with a zone, at most a year away (or expiresIn).',
    format: 'date-time',
    minLength: 1,
    maxLength: 40,
    example: '2026-12-31T12:00:00Z',
  })
  @IsOptional() @IsString() @Length(1, 40)
  expiresAt?: string;

  /** Trigger orders: seconds from now until a still-waiting order expires (instead of expiresAt). */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_EXPIRY_S,
    description: 'Limit, stop, sniper: seconds until a still-waiting order expires (or expiresAt).',
    example: 3600,
  })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_EXPIRY_S)
  expiresIn?: number;

  /** The compute-unit price: "auto" (the engine's estimate for the moment) or micro-lamports per CU. */
  @ApiPropertyOptional({
    description: 'The compute-unit price in micro-lamports, or `auto` to price the congestion of the moment (at build time).',
    oneOf: [{ type: 'string', enum: ['auto'] }, { type: 'integer', minimum: 0, maximum: MAX_PRIORITY_FEE }],
    example: 'auto',
  })
  @IsOptional()
  @ValidateBy(
    { name: 'priorityFee', validator: { validate: (v: unknown) => v === 'auto' || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_PRIORITY_FEE) } },
    { message: `priorityFee must be "auto" or an integer from 0 to ${MAX_PRIORITY_FEE} (micro-lamports per compute unit)` },
  )
  priorityFee?: 'auto' | number;

  /** With priorityFee "auto": the most the priority fee may cost, in lamports. */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_FEE_CAP,
    description: 'With priorityFee `auto` only: the most the priority fee may cost.',
  })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_FEE_CAP)
  maxPriorityFeeLamports?: number;

  /** A tip to a Jito validator, in lamports: the transaction then lands as a bundle when it is enough. */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_TIP,
    description: 'A tip to a Jito tip account; at or above the tip floor the transaction lands as a bundle in the next slot.',
  })
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
