import { Transform } from 'class-transformer';
import { IsDefined, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_AMOUNT_TEXT } from '@app/orders';

const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;

/** Query of GET /api/quotes: the same fields as an order, as query-string values. */
export class QuoteQuery {
  @IsDefined() @IsString() @Length(1, 64)
  tokenIn: string;

  @IsDefined() @IsString() @Length(1, 64)
  tokenOut: string;

  /** A decimal string in token units, as for an order; its length is checked before it is parsed. */
  @IsDefined() @IsString() @Length(1, MAX_AMOUNT_TEXT)
  amountIn: string;

  @IsOptional() @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(0.5)
  slippage?: number;

  /** `auto` or a compute-unit price in micro-lamports per compute unit; its value is checked by parseFeeChoice. */
  @IsOptional() @IsString() @Length(1, 32)
  priorityFee?: string;

  /** With priorityFee=auto: the most the priority fee may cost, in lamports. */
  @IsOptional() @IsString() @Length(1, 32)
  maxPriorityFeeLamports?: string;

  /** A Jito tip in lamports. */
  @IsOptional() @IsString() @Length(1, 32)
  jitoTipLamports?: string;
}
