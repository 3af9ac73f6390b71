import { DexErrorCode } from './errors/dex.error';

/** Codes a setting can inject: every failure of the market and chain table. */
export const INJECTABLE_CODES: readonly DexErrorCode[] = [
  DexErrorCode.RPC_TIMEOUT,
  DexErrorCode.RPC_RATE_LIMITED,
  DexErrorCode.QUOTE_EXPIRED,
  DexErrorCode.SLIPPAGE_EXCEEDED,
  DexErrorCode.BLOCKHASH_EXPIRED,
  DexErrorCode.NO_ROUTE,
  DexErrorCode.INSUFFICIENT_LIQUIDITY,
];

/** "Fail order N": the order with this number fails with `code`, on its first `attempts` attempts (all if unset). */
export interface ForcedFailure {
  order: number;
  code: DexErrorCode;
  attempts?: number;
}

export interface DexOptions {
  /** SIM_SEED: one seed gives one market, one set of latencies, faults and signatures. */
  seed: string;
  /** 'off' => every simulated delay is 0 (tests, benchmarks). */
  latency: 'realistic' | 'off';
  /** 0..1: probability that one attempt hits a transient fault at a seeded stage. */
  faultRate: number;
  /** Whether network congestion delays landings (and now and then expires blockhashes). Default on. */
  congestion?: boolean;
  /** Per-code probabilities per attempt (SIM_FAULTS), on top of faultRate. */
  faults?: Partial<Record<DexErrorCode, number>>;
  /** Orders made to fail by number (SIM_FAIL_ORDERS), for tests and demonstrations. */
  failOrders?: ForcedFailure[];
  /** SIM_LAUNCH_INTERVAL_MS: a scheduled token launch every this many ms (default 300000); 0 = none. */
  launchIntervalMs?: number;
  /** SIM_LAUNCH_ANNOUNCE_MS: how long before its launch a scheduled launch is announced (default 60000). */
  launchAnnounceMs?: number;
  /** SIM_LAUNCH_REFRESH_MS: how often each process reloads ad-hoc launches from the store (default 1000). */
  launchRefreshMs?: number;
}

export const DEFAULT_LAUNCH_INTERVAL_MS = 300_000;
export const DEFAULT_LAUNCH_ANNOUNCE_MS = 60_000;
export const DEFAULT_LAUNCH_REFRESH_MS = 1_000;

export const DEX_OPTIONS = Symbol('DEX_OPTIONS');

/** DexOptions as settings give them: failure codes as plain strings, checked by validateDexOptions. */
export type DexOptionsInput = Omit<DexOptions, 'faults' | 'failOrders'> & {
  faults?: Record<string, number>;
  failOrders?: Array<Omit<ForcedFailure, 'code'> & { code: string }>;
};

/** Fails at start-up rather than producing a silently different market later. */
export function validateDexOptions(options: DexOptionsInput): DexOptions {
  if (typeof options?.seed !== 'string' || options.seed === '') {
    throw new Error('DexOptions.seed must be a non-empty string');
  }
  if (options.latency !== 'realistic' && options.latency !== 'off') {
    throw new Error(`DexOptions.latency must be 'realistic' or 'off', got ${String(options.latency)}`);
  }
  const probabilities = [options.faultRate, ...Object.values(options.faults ?? {})];
  for (const p of probabilities) {
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1) {
      throw new Error(`DexOptions fault probabilities must be numbers in 0..1, got ${String(p)}`);
    }
  }
  const total = probabilities.reduce((s, p) => s + p, 0);
  if (total > 1) throw new Error(`DexOptions fault probabilities add up to ${total}, more than 1`);
  for (const code of [...Object.keys(options.faults ?? {}), ...(options.failOrders ?? []).map((f) => f.code)]) {
    if (!INJECTABLE_CODES.includes(code as DexErrorCode)) throw new Error(`DexOptions: ${code} cannot be injected`);
  }
  const launches = validateLaunchOptions(options);
  return {
    ...launches,
    seed: options.seed,
    latency: options.latency,
    faultRate: options.faultRate,
    congestion: options.congestion ?? true,
    faults: { ...options.faults } as DexOptions['faults'],
    failOrders: [...(options.failOrders ?? [])] as ForcedFailure[],
  };
}

function validateLaunchOptions(options: DexOptionsInput): Required<Pick<DexOptions, 'launchIntervalMs' | 'launchAnnounceMs' | 'launchRefreshMs'>> {
  const launchIntervalMs = options.launchIntervalMs ?? DEFAULT_LAUNCH_INTERVAL_MS;
  const launchAnnounceMs = options.launchAnnounceMs ?? DEFAULT_LAUNCH_ANNOUNCE_MS;
  const launchRefreshMs = options.launchRefreshMs ?? DEFAULT_LAUNCH_REFRESH_MS;
  if (!Number.isInteger(launchIntervalMs) || (launchIntervalMs !== 0 && launchIntervalMs < 1_000)) {
    throw new Error(`DexOptions.launchIntervalMs must be 0 (no scheduled launches) or at least 1000, got ${launchIntervalMs}`);
  }
  if (!Number.isInteger(launchAnnounceMs) || launchAnnounceMs < 0) {
    throw new Error(`DexOptions.launchAnnounceMs must be a non-negative integer, got ${launchAnnounceMs}`);
  }
  if (!Number.isInteger(launchRefreshMs) || launchRefreshMs < 100) {
    throw new Error(`DexOptions.launchRefreshMs must be an integer of at least 100, got ${launchRefreshMs}`);
  }
  return { launchIntervalMs, launchAnnounceMs, launchRefreshMs };
}
