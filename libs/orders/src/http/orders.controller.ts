import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthenticatedAccount, CurrentAccount } from '@app/accounts';
import { ACCOUNT_ERRORS, ApiErrors, ApiExampleRequests, RATE_LIMIT_HEADERS } from '@app/common';
import { CancelOrdersDto } from '../dto/cancel-orders.dto';
import { ExecuteOrderDto } from '../dto/execute-order.dto';
import { ListOrdersQuery } from '../dto/list-orders.query';
import { OrderValidationError } from '../domain/order-errors';
import { isOrderId } from '../domain/order-id';
import { OrderView } from '../domain/order-view';
import { CancelOutcome, OrderCancellation } from '../order-cancellation';
import { OrderPage, OrdersService } from '../orders.service';
import { EXECUTE_EXAMPLES, LIST_EXAMPLES, CANCEL_EXAMPLES, CANCEL_MANY_EXAMPLES, FIND_EXAMPLES } from './orders.examples';
import { AcceptedOrderResponse, CancelOutcomeResponse, OrderPageResponse, OrderResponse } from './order.responses';
import { UpgradeRequiredBody, upgradeRequired } from './upgrade-required';

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
@ApiTags('Orders')
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
  @ApiOperation({
    operationId: 'executeOrder',
    summary: 'Place an order',
    description:
      'Stores the order and queues it: 202 with its id. A market order executes now; `limit`, `stop` and `sniper` wait in ' +
      '`waiting` for their trigger. Follow it on `wsUrl` (WebSocket) or `statusUrl`. Unknown fields are refused.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      '1 to 255 printable ASCII characters without spaces (a UUID is a good key): a repeat of the same request returns ' +
      'the same order (with `Idempotent-Replayed: true`); the same key with a different request is a 422.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$', example: '5e0f3c1a-9b7d-4e2f-8a6c-1d3b5f7e9a0c' },
  })
  @ApiResponse({
    status: 202,
    type: AcceptedOrderResponse,
    description: 'Accepted: stored and queued.',
    headers: {
      Location: { description: 'The order\'s statusUrl.', required: true, schema: { type: 'string' } },
      'Idempotent-Replayed': {
        description: '`true` when an Idempotency-Key replayed an order accepted before.',
        schema: { type: 'string', enum: ['true'] },
      },
      ...RATE_LIMIT_HEADERS,
    },
  })
  @ApiErrors(...ACCOUNT_ERRORS, 'VALIDATION_FAILED', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'IDEMPOTENCY_KEY_REUSED',
    'STOP_PRICE_REACHED', 'TOO_MANY_OPEN_ORDERS', 'ENGINE_OVERLOADED')
  @ApiExampleRequests(EXECUTE_EXAMPLES)
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
  @ApiTags('WebSocket')
  @ApiOperation({
    operationId: 'streamOrderAlias',
    summary: 'An order\'s status stream (WebSocket, the alias)',
    description:
      'The same stream as `/ws/orders/{orderId}`, on the path orders are posted to: open it with `Upgrade: websocket` and ' +
      '`?orderId=<id>` (none closes the socket with 4400). Messages: [/docs/asyncapi.json](/docs/asyncapi.json). ' +
      'A plain GET answers 426.',
  })
  @ApiErrors(...ACCOUNT_ERRORS, 'UPGRADE_REQUIRED')
  @ApiExampleRequests({
    plainGet: { summary: 'A plain GET is told to upgrade', status: 426, query: { orderId: '3f2c1a9e-7b5d-4c8e-9a1f-2d6b8e4c0a57' } },
  })
  @ApiQuery({
    name: 'orderId',
    required: false,
    schema: { type: 'string', format: 'uuid' },
    description: 'The order to follow.',
  })
  upgradeRequired(@Res({ passthrough: true }) reply: FastifyReply): UpgradeRequiredBody {
    return upgradeRequired(reply);
  }

  @Get()
  @ApiOperation({
    operationId: 'listOrders',
    summary: 'List the account\'s orders',
    description: 'Newest first, `limit` per page; pass `nextCursor` back as `cursor` for the next page. One index range scan a page.',
  })
  @ApiResponse({ status: 200, type: OrderPageResponse, description: 'A page of orders.', headers: RATE_LIMIT_HEADERS })
  @ApiErrors(...ACCOUNT_ERRORS, 'VALIDATION_FAILED')
  @ApiExampleRequests(LIST_EXAMPLES)
  list(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ListOrdersQuery): Promise<OrderPage> {
    return this.orders.list(account.id, query);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getOrder',
    summary: 'Read an order',
    description: 'Another account\'s order answers 404, exactly like a missing one.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The order id (a malformed one is a 400, rule `isUuid`).' })
  @ApiResponse({ status: 200, type: OrderResponse, description: 'The order.', headers: RATE_LIMIT_HEADERS })
  @ApiErrors(...ACCOUNT_ERRORS, 'VALIDATION_FAILED', 'ORDER_NOT_FOUND')
  @ApiExampleRequests(FIND_EXAMPLES)
  findOne(@CurrentAccount() account: AuthenticatedAccount, @Param('id') id: string): Promise<OrderView> {
    return this.orders.findOne(account.id, checkOrderId(id));
  }

  /**
   * Cancels every order named in `ids` or, with `{}`, every open order of the account; answers
   * which were cancelled, which had gone too far (with their status) and which ids name no order.
   */
  @Post('cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelOrders',
    summary: 'Cancel several orders, or every open one',
    description:
      '`{ "ids": [...] }` (at most 1,000) cancels those orders; `{}` cancels every open order of the account. Each id named ' +
      'is in exactly one list of the answer. An empty body is refused: cancelling everything takes an explicit `{}`.',
  })
  @ApiResponse({
    status: 200,
    type: CancelOutcomeResponse,
    description: 'What became of each order.',
    headers: RATE_LIMIT_HEADERS,
  })
  @ApiErrors(...ACCOUNT_ERRORS, 'VALIDATION_FAILED', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE')
  @ApiExampleRequests(CANCEL_MANY_EXAMPLES)
  cancelMany(@CurrentAccount() account: AuthenticatedAccount, @Body() dto: CancelOrdersDto): Promise<CancelOutcome> {
    return this.cancellation.cancelMany(account.id, dto.ids);
  }

  /** Cancels an order that has not been submitted: 200 with the order, now (or already) `cancelled`. */
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelOrder',
    summary: 'Cancel an order',
    description:
      'Cancels an order not yet submitted (`pending`, `waiting`, `routing`, `building`): 200 with the order, now ' +
      '`cancelled` (again 200 if it already was). Once submitted or ended: 409 `ORDER_NOT_CANCELLABLE`.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The order id.' })
  @ApiResponse({ status: 200, type: OrderResponse, description: 'The order, cancelled.', headers: RATE_LIMIT_HEADERS })
  @ApiErrors(...ACCOUNT_ERRORS, 'VALIDATION_FAILED', 'ORDER_NOT_FOUND', 'ORDER_NOT_CANCELLABLE')
  @ApiExampleRequests(CANCEL_EXAMPLES)
  cancel(@CurrentAccount() account: AuthenticatedAccount, @Param('id') id: string): Promise<OrderView> {
    return this.cancellation.cancel(account.id, checkOrderId(id));
  }
}
