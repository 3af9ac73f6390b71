import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value;

/** The longest window and the most points a history may have: a day, at most 300 points. */
export const MAX_HISTORY_MINUTES = 1440;
export const MAX_HISTORY_POINTS = 300;

/** Query of GET /api/market/prices. */
export class PriceHistoryQuery {
  /** `BASE-QUOTE` as GET /api/market/pairs lists it, or the reverse (prices then in base per quote). */
  @ApiProperty({
    minLength: 3,
    maxLength: 40,
    description: '`BASE-QUOTE` as /api/market/pairs lists it (any case), or reversed (prices then in base per quote).',
    example: 'SOL-USDC',
  })
  @IsString() @Length(3, 40)
  pair: string;

  /** How far back the history goes, ending now. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_HISTORY_MINUTES, default: 60, description: 'The window, ending now.' })
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(MAX_HISTORY_MINUTES)
  minutes?: number;

  /** How many evenly spaced moments (at least a second apart, so fewer for a short window). */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 2,
    maximum: MAX_HISTORY_POINTS,
    default: 120,
    description: 'Evenly spaced moments, at least a second apart (so fewer for a short window).',
  })
  @IsOptional() @Transform(toInteger) @IsInt() @Min(2) @Max(MAX_HISTORY_POINTS)
  points?: number;
}
