import {
  IllegalTransitionError,
  Order,
  OrderEventMessage,
  OrderNotFoundError,
  OrdersService,
  OrderStatus,
  OrderTransitions,
  TransitionRequest,
} from '@app/orders';

export const ORDER_ID = '01900000-0000-7000-8000-000000000001';

/**
 * The orders an ExecutionService sees, in memory: reads return a copy of the stored order, and a
 * transition applies only from the expected status and event count, as the database does.
 */
export class OrderStore {
  order: Order;
  readonly events: OrderEventMessage[] = [];
  readonly notes: Array<{ code: string }> = [];

  constructor(fields: Partial<Order>) {
    this.order = Object.assign(new Order(), {
      id: ORDER_ID, number: 1, tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 2_000_000_000n, slippageBps: 50,
      status: 'pending', attempt: 0, lastSeq: 1, venue: null, route: null, minAmountOut: null, amountOut: null,
      txHash: null, execution: null, error: null, errorCode: null, createdAt: new Date(), updatedAt: new Date(),
      type: 'market', triggerPrice: null, minOutFloor: null, maxPrice: null, expiresAt: null, triggeredAt: null,
      launchSolBefore: null, priorityFee: null, maxPriorityFeeLamports: null, jitoTipLamports: null, feeLamports: null,
      ...fields,
    });
  }

  readonly orders = {
    getOrder: async (id: string) => {
      if (id !== this.order.id) throw new OrderNotFoundError(id);
      return Object.assign(new Order(), this.order);
    },
  } as unknown as OrdersService;

  readonly transitions = {
    transition: async (orderId: string, req: TransitionRequest) => {
      const from = typeof req.from === 'string' ? [req.from] : req.from;
      const o = this.order;
      if (!from.includes(o.status) || (req.expectedSeq !== undefined && req.expectedSeq !== o.lastSeq)) {
        throw new IllegalTransitionError(orderId, req.to, o.status);
      }
      const merged = req.mergeIntoJson?.execution;
      Object.assign(o, req.set ?? {}, { status: req.to, attempt: req.attempt ?? o.attempt, lastSeq: o.lastSeq + 1 });
      if (merged) o.execution = { ...(o.execution ?? {}), ...merged };
      const event = { orderId, seq: o.lastSeq, status: req.to, attempt: o.attempt, at: '', ...req.details };
      this.events.push(event);
      return event;
    },
    noteAttemptFailure: async (_id: string, code: string) => {
      this.notes.push({ code });
    },
  } as unknown as OrderTransitions;

  statuses(): OrderStatus[] {
    return this.events.map((e) => e.status);
  }
}
