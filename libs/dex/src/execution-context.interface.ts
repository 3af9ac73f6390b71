/** Which order and which attempt a market call belongs to: keys latency, faults and signatures. */
export interface ExecutionContext {
  orderId: string;
  /** Starts at 1. */
  attempt: number;
  /** The order's number (1, 2, 3… in acceptance order), which SIM_FAIL_ORDERS refers to. */
  orderNumber?: number;
}
