import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ExecuteOrderDto } from '../dto/execute-order.dto';
import { ListOrdersQuery } from '../dto/list-orders.query';
import { OrderValidationError } from '../domain/order-errors';
import { isOrderId } from '../domain/order-id';
import { OrderView } from '../domain/order-view';
import { OrderPage, OrdersService } from '../orders.service';

export interface AcceptedOrder {
  orderId: string;
  status: 'pending';
  statusUrl: string;
  wsUrl: string;
}

/** HTTP only: validation happens in the global pipe, the use cases in OrdersService. */
@Controller('api/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  /** Accepts an order for execution: 202 with its id; follow it on /ws/orders/:id. */
  @Post('execute')
  @HttpCode(202)
  async execute(
    @Body() dto: ExecuteOrderDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AcceptedOrder> {
    const orderId = await this.orders.create(dto);
    const statusUrl = `/api/orders/${orderId}`;
    reply.header('Location', statusUrl);
    return { orderId, status: 'pending', statusUrl, wsUrl: `/ws/orders/${orderId}` };
  }

  @Get()
  list(@Query() query: ListOrdersQuery): Promise<OrderPage> {
    return this.orders.list(query);
  }

  @Get(':id')
  findOne(@Param('id') id: string): Promise<OrderView> {
    if (!isOrderId(id)) {
      throw new OrderValidationError([{ field: 'id', rule: 'isUuid', message: 'id must be a UUID' }]);
    }
    return this.orders.findOne(id);
  }
}
