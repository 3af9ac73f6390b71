import { ApiProperty } from '@nestjs/swagger';
import { QuoteResponse } from '@app/dex';
import { OrderView } from '../domain/order-view';
import { ORDER_STATUSES, OrderStatus } from '../domain/order-status';
import { ORDER_TYPES, OrderType } from '../domain/order-type';
import { CancelOutcome, NotCancellable } from '../order-cancellation';
import { OrderPage } from '../orders.service';

/*
 * The orders routes' answers as the OpenAPI document describes them. Metadata only: each class
 * implements the type the route returns, so a field added there and not here fails the type
 * check, and the contract test validates real answers against these schemas.
 */

const EXAMPLE_ID = '3f2c1a9e-7b5d-4c8e-9a1f-2d6b8e4c0a57';
const nullableString = (description: string, example?: string) =>
  ApiProperty({ type: String, nullable: true, description, ...(example === undefined ? {} : { example }) });

/** 202 of POST /api/orders/execute. */
export class AcceptedOrderResponse {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID })
  orderId: string;

  @ApiProperty({ enum: ['pending'] })
  status: 'pending';

  @ApiProperty({
    description: 'GET it for the order (also the Location header).',
    example: `/api/orders/${EXAMPLE_ID}`,
  })
  statusUrl: string;

  @ApiProperty({
    description: 'Open it as a WebSocket to follow every status (see /docs/asyncapi.json).',
    example: `/ws/orders/${EXAMPLE_ID}`,
  })
  wsUrl: string;
}

export class OrderResponse implements OrderView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID })
  id: string;

  @ApiProperty({ description: 'Counts the engine\'s orders: 1, 2, 3…', example: 42 })
  number: number;

  @ApiProperty({ enum: ORDER_TYPES })
  type: OrderType;

  @ApiProperty({ enum: ORDER_STATUSES })
  status: OrderStatus;

  @ApiProperty({ description: 'The token sold, by symbol.', example: 'SOL' })
  tokenIn: string;

  @ApiProperty({ example: 'USDC' })
  tokenOut: string;

  @ApiProperty({ description: 'In tokenIn units.', example: '1.5' })
  amountIn: string;

  @ApiProperty({ description: 'As a fraction: 0.01 = 1%.', example: 0.005 })
  slippage: number;

  @ApiProperty({ description: '0 until the first attempt, then 1, 2, 3.', example: 1 })
  attempt: number;

  @nullableString('The route\'s label once routed.', 'meteora')
  venue: string | null;

  @nullableString('In tokenOut units, once built.', '223.96')
  minAmountOut: string | null;

  @nullableString('In tokenOut units, once confirmed.', '224.91')
  amountOut: string | null;

  @nullableString('The transaction signature (base58), once submitted.')
  txHash: string | null;

  @nullableString('The last failure\'s message (also while a retry is pending); null once confirmed.')
  error: string | null;

  @nullableString('The last failure\'s code.', 'SLIPPAGE_EXCEEDED')
  errorCode: string | null;

  @ApiProperty({
    type: QuoteResponse,
    nullable: true,
    description: 'The routing decision: every venue\'s quote and why the winner won.',
  })
  route: Record<string, unknown> | null;

  @nullableString('Limit and stop orders: tokenOut per tokenIn.', '150')
  triggerPrice: string | null;

  @nullableString('Sniper orders: the most SOL per token.')
  maxPrice: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Trigger orders: when a still-waiting order expires.',
  })
  expiresAt: string | null;

  @nullableString('`auto` or micro-lamports per compute unit, as given.', 'auto')
  priorityFee: string | null;

  @nullableString('As given, in lamports.')
  maxPriorityFeeLamports: string | null;

  @nullableString('As given, in lamports.')
  jitoTipLamports: string | null;

  @nullableString('What the landed transaction paid: signature, priority fee and tip.', '5000')
  feeLamports: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class OrderPageResponse implements OrderPage {
  @ApiProperty({ type: [OrderResponse], description: 'Newest first.' })
  items: OrderResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass it back as `cursor` for the next page; null on the last page.',
  })
  nextCursor: string | null;
}

export class NotCancellableResponse implements NotCancellable {
  @ApiProperty({ format: 'uuid' })
  orderId: string;

  @ApiProperty({ enum: ORDER_STATUSES })
  status: OrderStatus;
}

export class CancelOutcomeResponse implements CancelOutcome {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Now cancelled, including orders that already were.' })
  cancelled: string[];

  @ApiProperty({ type: [NotCancellableResponse], description: 'Submitted or ended otherwise, with their status.' })
  notCancellable: NotCancellableResponse[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'Ids that name no order of the account.' })
  notFound: string[];
}
