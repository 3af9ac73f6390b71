import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ORDER_STATUSES, OrderStatus } from '../domain/order-status';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Query of GET /api/orders: newest first, `limit` per page, `cursor` from the previous page. */
export class ListOrdersQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: 'Orders per page.',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The previous page\'s nextCursor (opaque; any other value is a 400).' })
  @IsOptional() @IsString()
  cursor?: string;

  @ApiPropertyOptional({ enum: ORDER_STATUSES, description: 'Only orders in this status.' })
  @IsOptional() @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}
