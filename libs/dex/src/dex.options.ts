export interface DexOptions {
  /** SIM_SEED: one seed gives one market, one set of latencies, faults and signatures. */
  seed: string;
  /** 'off' => every simulated delay is 0 (tests, benchmarks). */
  latency: 'realistic' | 'off';
  /** 0..1: probability that one attempt hits an injected transient fault. */
  faultRate: number;
}

export const DEX_OPTIONS = Symbol('DEX_OPTIONS');

/** Fails at start-up rather than producing a silently different market later. */
export function validateDexOptions(options: DexOptions): DexOptions {
  if (typeof options?.seed !== 'string' || options.seed === '') {
    throw new Error('DexOptions.seed must be a non-empty string');
  }
  if (options.latency !== 'realistic' && options.latency !== 'off') {
    throw new Error(`DexOptions.latency must be 'realistic' or 'off', got ${String(options.latency)}`);
  }
  const rate = options.faultRate;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new Error(`DexOptions.faultRate must be a number in 0..1, got ${String(rate)}`);
  }
  return { seed: options.seed, latency: options.latency, faultRate: rate };
}
