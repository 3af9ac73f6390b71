/** Which order and which attempt a market call belongs to: keys latency, faults and signatures. */
export interface ExecutionContext {
  orderId: string;
  /** Starts at 1. */
  attempt: number;
  /** The order's number (1, 2, 3… in acceptance order), which SIM_FAIL_ORDERS refers to. */
  orderNumber?: number;
  /**
   * Sniper orders: the SOL (gross, before the launchpad's 1% fee) that snipers ahead of this order
   * put into the same launch's curve in its launch slot. The launchpad venue's quote and the swap at
   * landing then fill this order on the curve advanced by that much SOL, on top of its derived
   * state; without it an order trades the curve as it stands.
   */
  launchQueue?: LaunchQueue;
}

/** The snipers ahead of an order on one launch's curve (see ExecutionContext.launchQueue). */
export interface LaunchQueue {
  /** The launched token's mint. */
  mint: string;
  /** Lamports, gross; 0n for the first sniper. */
  solBefore: bigint;
}
