import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { MAX_CANCEL_IDS } from '../order-cancellation';

/** Body of POST /api/orders/cancel: the orders to cancel, or none named for all open orders. */
export class CancelOrdersDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_CANCEL_IDS,
    description: 'The orders to cancel; `{}` (no ids) cancels every open order of the account.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CANCEL_IDS)
  @IsUUID('all', { each: true, message: 'each of ids must be an order id (a UUID)' })
  ids?: string[];
}
