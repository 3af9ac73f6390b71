/** Which order and which attempt a market call belongs to: keys latency, faults and signatures. */
export interface ExecutionContext {
  orderId: string;
  /** Starts at 1. */
  attempt: number;
}
