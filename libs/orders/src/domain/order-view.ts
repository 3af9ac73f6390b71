import { formatAmount, LAUNCH_TOKEN_DECIMALS, TokenRegistry } from '@app/dex';
import { Order } from '../entities/order.entity';
import { OrderStatus } from './order-status';
import { OrderType, shortDecimal } from './order-type';

/** An order as the API shows it: amounts as decimal strings in token units. */
export interface OrderView {
  id: string;
  number: number;
  type: OrderType;
  status: OrderStatus;
  tokenIn: string;
  tokenOut: string;
  amountIn: string;
  slippage: number;
  attempt: number;
  venue: string | null;
  minAmountOut: string | null;
  amountOut: string | null;
  txHash: string | null;
  error: string | null;
  errorCode: string | null;
  route: Record<string, unknown> | null;
  /** Limit and stop orders: the trigger price (tokenOut per tokenIn); others null. */
  triggerPrice: string | null;
  /** Sniper orders: the most SOL per token; others null. */
  maxPrice: string | null;
  expiresAt: string | null;
  priorityFee: string | null;
  maxPriorityFeeLamports: string | null;
  jitoTipLamports: string | null;
  /** Lamports the landed transaction paid in network fees; null until one landed. */
  feeLamports: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A lifecycle message, as stored, published on Redis and sent over the WebSocket. */
export interface OrderEventMessage {
  orderId: string;
  seq: number;
  status: OrderStatus;
  attempt: number;
  at: string;
  [detail: string]: unknown;
}

export function toOrderView(order: Order, tokens: TokenRegistry): OrderView {
  // The registry knows the listed tokens always and launched ones for a day; an order of a launch
  // it no longer knows still shows its amounts right, since every launched token has 6 decimals.
  const decimalsIn = tokens.resolve(order.tokenIn)?.decimals ?? LAUNCH_TOKEN_DECIMALS;
  const decimalsOut = tokens.resolve(order.tokenOut)?.decimals ?? LAUNCH_TOKEN_DECIMALS;
  const out = (v: bigint | null) => (v === null ? null : formatAmount(v, decimalsOut));
  return {
    id: order.id,
    number: order.number,
    type: order.type,
    status: order.status,
    tokenIn: order.tokenIn,
    tokenOut: order.tokenOut,
    amountIn: formatAmount(order.amountIn, decimalsIn),
    slippage: order.slippageBps / 10_000,
    attempt: order.attempt,
    venue: order.venue,
    minAmountOut: out(order.minAmountOut),
    amountOut: out(order.amountOut),
    txHash: order.txHash,
    error: order.error,
    errorCode: order.errorCode,
    route: order.route,
    triggerPrice: order.triggerPrice === null ? null : shortDecimal(order.triggerPrice),
    maxPrice: order.maxPrice === null ? null : shortDecimal(order.maxPrice),
    expiresAt: order.expiresAt?.toISOString() ?? null,
    priorityFee: order.priorityFee,
    maxPriorityFeeLamports: order.maxPriorityFeeLamports?.toString() ?? null,
    jitoTipLamports: order.jitoTipLamports?.toString() ?? null,
    feeLamports: order.feeLamports?.toString() ?? null,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

type EventCore = Pick<OrderEventMessage, 'orderId' | 'seq' | 'status' | 'attempt' | 'at'>;

/** The message of an event: its identifying fields first, then its details (which cannot override them). */
export function eventMessage(core: EventCore, details: Record<string, unknown>): OrderEventMessage {
  // Built key by key rather than `{ ...core, ...details, ...core }`: spreading over keys that exist
  // already turns the object into a slow dictionary, and a worker builds four messages an order.
  const message: OrderEventMessage = {
    orderId: core.orderId,
    seq: core.seq,
    status: core.status,
    attempt: core.attempt,
    at: core.at,
  };
  for (const key of Object.keys(details)) {
    if (CORE_KEYS.has(key)) continue;
    // An own property even for "__proto__", as a spread would make it, never the prototype.
    if (key === '__proto__') {
      Object.defineProperty(message, key, { value: details[key], enumerable: true, writable: true, configurable: true });
    } else {
      message[key] = details[key];
    }
  }
  return message;
}

const CORE_KEYS: ReadonlySet<string> = new Set(['orderId', 'seq', 'status', 'attempt', 'at']);
