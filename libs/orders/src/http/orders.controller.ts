import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthenticatedAccount, CurrentAccount } from '@app/accounts';
import { ExecuteOrderDto } from '../dto/execute-order.dto';
import { ListOrdersQuery } from '../dto/list-orders.query';
import { OrderValidationError } from '../domain/order-errors';
import { isOrderId } from '../domain/order-id';
import { OrderView } from '../domain/order-view';
import { OrderPage, OrdersService } from '../orders.service';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Printable ASCII without spaces, 1 to 255 characters (a UUID is a good key). */
function checkIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new OrderValidationError([
      {
        field: 'Idempotency-Key',
        rule: 'idempotencyKey',
        message: 'the Idempotency-Key header must be 1 to 255 printable ASCII characters without spaces',
      },
    ]);
  }
  return value;
}

export interface AcceptedOrder {
  orderId: string;
  status: 'pending';
  statusUrl: string;
  wsUrl: string;
}

/**
 * HTTP only: validation happens in the global pipe, authentication in the accounts library's
 * guard (which sets the account), the use cases in OrdersService. Every route acts within the
 * caller's account.
 */
@Controller('api/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  /**
   * Accepts an order for execution: 202 with its id; follow it on /ws/orders/:id. With an
   * Idempotency-Key header, a repeat of the same request returns the same order.
   */
  @Post('execute')
  @HttpCode(202)
  async execute(
    @CurrentAccount() account: AuthenticatedAccount,
    @Body() dto: ExecuteOrderDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AcceptedOrder> {
    const { orderId, replayed } = await this.orders.create(account, dto, checkIdempotencyKey(idempotencyKey));
    const statusUrl = `/api/orders/${orderId}`;
    reply.header('Location', statusUrl);
    if (replayed) reply.header('Idempotent-Replayed', 'true');
    return { orderId, status: 'pending', statusUrl, wsUrl: `/ws/orders/${orderId}` };
  }

  @Get()
  list(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ListOrdersQuery): Promise<OrderPage> {
    return this.orders.list(account.id, query);
  }

  @Get(':id')
  findOne(@CurrentAccount() account: AuthenticatedAccount, @Param('id') id: string): Promise<OrderView> {
    if (!isOrderId(id)) {
      throw new OrderValidationError([{ field: 'id', rule: 'isUuid', message: 'id must be a UUID' }]);
    }
    return this.orders.findOne(account.id, id);
  }
}
