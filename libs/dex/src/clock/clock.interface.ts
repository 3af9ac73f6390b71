/** Time as the market sees it; injected so tests can drive it and the model never reads the wall clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const CLOCK = Symbol('CLOCK');
