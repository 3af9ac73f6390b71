import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ORDER_STATUSES, OrderStatus } from '../domain/order-status';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Query of GET /api/orders: newest first, `limit` per page, `cursor` from the previous page. */
export class ListOrdersQuery {
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @IsOptional() @IsString()
  cursor?: string;

  @IsOptional() @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}
