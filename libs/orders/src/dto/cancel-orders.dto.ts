import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { MAX_CANCEL_IDS } from '../order-cancellation';

/** Body of POST /api/orders/cancel: the orders to cancel, or none named for all open orders. */
export class CancelOrdersDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CANCEL_IDS)
  @IsUUID('all', { each: true, message: 'each of ids must be an order id (a UUID)' })
  ids?: string[];
}
