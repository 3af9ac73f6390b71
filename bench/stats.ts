/** Latency summaries. Samples are kept whole and sorted once at the end: exact, and cheap enough. */
export interface Summary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array (no interpolation: every figure was observed). */
function rank(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(samples: number[]): Summary | null {
  if (samples.length === 0) return null;
  const sorted = Float64Array.from(samples).sort();
  const arr = Array.from(sorted);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    count: arr.length,
    p50: round(rank(arr, 50)),
    p90: round(rank(arr, 90)),
    p99: round(rank(arr, 99)),
    max: round(arr[arr.length - 1]),
  };
}

/** Events per second over a window; null when the window is empty, so 0/0 never prints as a rate. */
export function perSecond(count: number, fromMs: number | null, toMs: number | null): number | null {
  if (fromMs === null || toMs === null || count === 0) return null;
  const s = Math.max(toMs - fromMs, 1) / 1000;
  return Math.round((count / s) * 10) / 10;
}

/** Client CPU as a percentage of one core since `start` — over ~90% means the client limited the run. */
export function cpuPercent(start: NodeJS.CpuUsage, startWallMs: number): number {
  const used = process.cpuUsage(start);
  const wall = Math.max(Date.now() - startWallMs, 1) * 1000;
  return Math.round(((used.user + used.system) / wall) * 1000) / 10;
}

/** Runs `call` n times one after another; the durations in ms, sorted. */
export async function timed(n: number, call: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

/** Prints p50/p90/p99/max of each case's sorted durations under a title. */
export function printLatencies(title: string, runs: Record<string, number[]>): void {
  const at = (s: number[], q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(2);
  console.log(title);
  console.log('case                             n      p50    p90    p99    max');
  for (const [name, s] of Object.entries(runs)) {
    const cells = [at(s, 0.5), at(s, 0.9), at(s, 0.99), s[s.length - 1].toFixed(2)].map((c) => c.padStart(6));
    console.log(`${name.padEnd(32)} ${String(s.length).padEnd(6)} ${cells.join(' ')}`);
  }
}
