import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthenticatedAccount, CurrentAccount } from '@app/accounts';
import { CancelOrdersDto } from '../dto/cancel-orders.dto';
import { ExecuteOrderDto } from '../dto/execute-order.dto';
import { ListOrdersQuery } from '../dto/list-orders.query';
import { OrderValidationError } from '../domain/order-errors';
import { isOrderId } from '../domain/order-id';
import { OrderView } from '../domain/order-view';
import { CancelOutcome, OrderCancellation } from '../order-cancellation';
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

function checkOrderId(id: string): string {
  if (!isOrderId(id)) throw new OrderValidationError([{ field: 'id', rule: 'isUuid', message: 'id must be a UUID' }]);
  return id;
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
  constructor(
    private readonly orders: OrdersService,
    private readonly cancellation: OrderCancellation,
  ) {}

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

  /**
   * The order's stream is served here too, as a WebSocket (`?orderId=<id>`), for clients that open
   * it on the path they posted to; a plain GET is told to upgrade (426).
   */
  @Get('execute')
  upgradeRequired(@Res({ passthrough: true }) reply: FastifyReply): { statusCode: number; code: string; message: string } {
    reply.status(426).header('Upgrade', 'websocket').header('Connection', 'Upgrade');
    return {
      statusCode: 426,
      code: 'UPGRADE_REQUIRED',
      message: 'open a WebSocket on /api/orders/execute?orderId=<id> or /ws/orders/<id> to follow an order; GET /api/orders/<id> reads it',
    };
  }

  @Get()
  list(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ListOrdersQuery): Promise<OrderPage> {
    return this.orders.list(account.id, query);
  }

  @Get(':id')
  findOne(@CurrentAccount() account: AuthenticatedAccount, @Param('id') id: string): Promise<OrderView> {
    return this.orders.findOne(account.id, checkOrderId(id));
  }

  /**
   * Cancels every order named in `ids` or, with `{}`, every open order of the account; answers
   * which were cancelled, which had gone too far (with their status) and which ids name no order.
   */
  @Post('cancel')
  @HttpCode(200)
  cancelMany(@CurrentAccount() account: AuthenticatedAccount, @Body() dto: CancelOrdersDto): Promise<CancelOutcome> {
    return this.cancellation.cancelMany(account.id, dto.ids);
  }

  /** Cancels an order that has not been submitted: 200 with the order, now (or already) `cancelled`. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentAccount() account: AuthenticatedAccount, @Param('id') id: string): Promise<OrderView> {
    return this.cancellation.cancel(account.id, checkOrderId(id));
  }
}
