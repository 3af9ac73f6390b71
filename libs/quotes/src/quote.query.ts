import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_AMOUNT_TEXT } from '@app/orders';

const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;

/** Query of GET /api/quotes: the same fields as an order, as query-string values. */
export class QuoteQuery {
  @ApiProperty({
    description: 'The token sold: a symbol (case-insensitive) or mint address.',
    minLength: 1,
    maxLength: 64,
    example: 'SOL',
  })
  @IsDefined() @IsString() @Length(1, 64)
  tokenIn: string;

  @ApiProperty({ description: 'The token bought.', minLength: 1, maxLength: 64, example: 'USDC' })
  @IsDefined() @IsString() @Length(1, 64)
  tokenOut: string;

  /** A decimal string in token units, as for an order; its length is checked before it is parsed. */
  @ApiProperty({
    description: 'In tokenIn units, a decimal string (rules as for an order).',
    minLength: 1,
    maxLength: MAX_AMOUNT_TEXT,
    example: '1.5',
  })
  @IsDefined() @IsString() @Length(1, MAX_AMOUNT_TEXT)
  amountIn: string;

  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    maximum: 0.5,
    description: 'A fraction: with it the quote shows minAmountOut.',
    example: 0.01,
  })
  @IsOptional() @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(0.5)
  slippage?: number;

  /** `auto` or a compute-unit price in micro-lamports per compute unit; its value is checked by parseFeeChoice. */
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 32,
    description: '`auto` or micro-lamports per compute unit (0 to 10,000,000).',
    example: 'auto',
  })
  @IsOptional() @IsString() @Length(1, 32)
  priorityFee?: string;

  /** With priorityFee=auto: the most the priority fee may cost, in lamports. */
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 32,
    description: 'With priorityFee=auto: the most the priority fee may cost, in lamports.',
  })
  @IsOptional() @IsString() @Length(1, 32)
  maxPriorityFeeLamports?: string;

  /** A Jito tip in lamports. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 32, description: 'A Jito tip in lamports (0 to 100,000,000).' })
  @IsOptional() @IsString() @Length(1, 32)
  jitoTipLamports?: string;
}
