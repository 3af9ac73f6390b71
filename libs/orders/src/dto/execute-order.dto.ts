import { IsDefined, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';

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
  @ValidateIf((o: ExecuteOrderDto) => typeof o.amountIn !== 'string')
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'amountIn must be a number or a decimal string' })
  amountIn: number | string;

  /** Largest accepted shortfall from the quoted output, as a fraction: 0.01 = 1%. Default 0.005. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(0.5)
  slippage?: number;
}
