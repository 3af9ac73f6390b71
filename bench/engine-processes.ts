/**
 * Starts the engine as real built processes (N api, M worker), waits until they serve, samples
 * their memory every second and stops them. Every child is also killed when the bench itself
 * exits for any reason, so a crashed or interrupted run leaves nothing listening.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { cpuTicks, rssMb } from './proc-stats';

const ROOT = resolve(__dirname, '..');
const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');
const HEAP_PROBE = join(ROOT, 'bench/heap-probe.js');
const HEAP_PROBE_EVERY_S = 10;
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;

export interface EngineConfig {
  apis: number;
  workers: number;
  workerConcurrency: number;
  realistic: boolean;
  basePort: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** Preload bench/heap-probe.js and read each process's live heap after a full GC every 10 s. */
  heapProbe: boolean;
  /** More settings for every process, over the bench's own. */
  env?: Record<string, string>;
}

export interface ProcessMemory {
  name: string;
  pid: number;
  rssStartMb: number | null;
  /**
   * RSS a tenth of the way into the run, once caches, pools and the heap have grown to their
   * working size: memory is flat when the end of a long run stays near this, not near the start.
   */
  rssWarmMb: number | null;
  rssEndMb: number | null;
  rssMaxMb: number | null;
  /** RSS at 20 evenly spaced points of the run (fewer for short runs): the shape of the curve. */
  rssCurveMb: number[];
  /**
   * With --heap: live heap after a full GC, a tenth of the way into the run and at its end (null
   * without --heap). A leak grows this; RSS also swings with garbage not yet collected.
   */
  heapWarmMb: number | null;
  heapEndMb: number | null;
  /** CPU used during the measured run, in % of one core: near 100 means that process saturated. */
  cpuPercent: number | null;
}

interface Child extends ProcessMemory {
  proc: ChildProcess;
  exited: boolean;
  log: string;
  cpuStart: { ticks: number; wall: number } | null;
  /** One RSS reading per sampler tick since markStart. */
  rssSamples: number[];
  heapFile: string;
}

const live = new Set<ChildProcess>();
// Last resort: 'exit' handlers must be synchronous, so SIGKILL anything still running.
process.on('exit', () => live.forEach((p) => p.kill('SIGKILL')));

export class EngineProcesses {
  readonly logDir = mkdtempSync(join(tmpdir(), 'order-engine-bench-'));
  private readonly children: Child[] = [];
  private sampler: NodeJS.Timeout | undefined;
  /** Sampler ticks since markStart; null before it. */
  private measuredTicks: number | null = null;

  constructor(private readonly cfg: EngineConfig) {}

  get apiUrls(): string[] {
    return Array.from({ length: this.cfg.apis }, (_, i) => `http://127.0.0.1:${this.cfg.basePort + i}`);
  }

  private env(extra: Record<string, string>): NodeJS.ProcessEnv {
    return {
      ...process.env,
      HOST: '127.0.0.1',
      DATABASE_URL: this.cfg.databaseUrl,
      REDIS_URL: this.cfg.redisUrl,
      QUEUE_PREFIX: this.cfg.queuePrefix,
      WORKER_CONCURRENCY: String(this.cfg.workerConcurrency),
      // Running jobs share grouped statements (a few in flight per kind), so the engine's default
      // pool serves any concurrency.
      DB_POOL_SIZE: '20',
      QUEUE_RATE_LIMIT: '0',
      SIM_LATENCY: this.cfg.realistic ? 'realistic' : 'off',
      SIM_FAULT_RATE: '0',
      SIM_FAULTS: '',
      SIM_FAIL_ORDERS: '',
      SIM_CONGESTION: 'off',
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: '5000',
      // The bench measures the engine, not an account's allowance: no limits unless a run sets them.
      RATE_LIMIT_ORDERS_PER_SECOND: '0',
      RATE_LIMIT_READS_PER_SECOND: '0',
      MAX_OPEN_ORDERS: '0',
      ...this.cfg.env,
      ...extra,
    };
  }

  private start(name: string, main: string, env: NodeJS.ProcessEnv): Child {
    const log = join(this.logDir, `${name}.log`);
    const out = createWriteStream(log);
    const heapFile = join(this.logDir, `${name}.heap`);
    const args = this.cfg.heapProbe ? ['--expose-gc', '-r', HEAP_PROBE, main] : [main];
    const proc = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...env, BENCH_HEAP_FILE: heapFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.pipe(out);
    proc.stderr?.pipe(out);
    live.add(proc);
    const child: Child = {
      name, pid: proc.pid ?? -1, proc, exited: false, log, rssStartMb: null, rssWarmMb: null, rssEndMb: null, rssMaxMb: null, rssCurveMb: [], rssSamples: [],
      heapWarmMb: null, heapEndMb: null, heapFile, cpuPercent: null, cpuStart: null,
    };
    proc.on('exit', () => {
      child.exited = true;
      live.delete(proc);
    });
    this.children.push(child);
    return child;
  }

  /** Starts everything and resolves once every api answers /health and every worker is on the queue. */
  async startAll(): Promise<void> {
    const runWorker = this.cfg.workers === 0 ? 'true' : 'false';
    const api = (i: number) =>
      this.start(`api-${i}`, API_MAIN, this.env({ PORT: String(this.cfg.basePort + i), RUN_WORKER: runWorker }));
    // The first api alone first: it creates and migrates the database, which concurrent starts would race on.
    const first = api(0);
    await this.waitHealthy(first, this.apiUrls[0]);
    const rest = Array.from({ length: this.cfg.apis - 1 }, (_, i) => api(i + 1));
    // Each worker's metrics and probes on the ports after the apis'.
    for (let i = 0; i < this.cfg.workers; i++) {
      const port = String(this.cfg.basePort + this.cfg.apis + i);
      this.start(`worker-${i}`, WORKER_MAIN, this.env({ WORKER_HTTP_PORT: port }));
    }
    await Promise.all(rest.map((c, i) => this.waitHealthy(c, this.apiUrls[i + 1])));
    await this.waitWorkers(this.cfg.workers === 0 ? this.cfg.apis : this.cfg.workers);
    this.sampler = setInterval(() => this.sample(), 1000);
  }

  private async waitHealthy(child: Child, url: string): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exited) throw new Error(`${child.name} exited during start; see ${child.log}:\n${this.tail(child)}`);
      const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${child.name} not healthy within ${READY_TIMEOUT_MS / 1000} s; see ${child.log}`);
  }

  // Worker processes have no HTTP port; BullMQ names each worker's Redis connection, so count those.
  private async waitWorkers(expected: number): Promise<void> {
    const queue = new Queue('orders', { prefix: this.cfg.queuePrefix, connection: { url: this.cfg.redisUrl } });
    try {
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while (Date.now() < deadline) {
        const dead = this.children.find((c) => c.exited);
        if (dead) throw new Error(`${dead.name} exited during start; see ${dead.log}:\n${this.tail(dead)}`);
        if ((await queue.getWorkersCount()) >= expected) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`fewer than ${expected} workers joined the queue within ${READY_TIMEOUT_MS / 1000} s`);
    } finally {
      await queue.close();
    }
  }

  private tail(child: Child): string {
    try {
      return readFileSync(child.log, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Marks the start of the measured run: RSS and CPU are counted from here. */
  markStart(): void {
    this.measuredTicks = 0;
    for (const c of this.children) {
      c.rssStartMb = rssMb(c.pid);
      c.rssSamples = [];
      if (this.cfg.heapProbe) writeFileSync(c.heapFile, '');
      const ticks = cpuTicks(c.pid);
      c.cpuStart = ticks === null ? null : { ticks, wall: Date.now() };
    }
  }

  /** Marks the end of the measured run, before shutdown changes the picture. */
  async markEnd(): Promise<void> {
    this.sample();
    if (this.cfg.heapProbe) {
      this.probeHeap();
      await new Promise((r) => setTimeout(r, 2_000));
      for (const c of this.children) {
        const heap = readHeapFile(c.heapFile);
        c.heapWarmMb = heap.length > 0 ? heap[Math.floor(heap.length / 10)] : null;
        c.heapEndMb = heap.length > 0 ? heap[heap.length - 1] : null;
      }
    }
    for (const c of this.children) {
      c.rssEndMb = c.exited ? null : rssMb(c.pid);
      c.rssWarmMb = c.rssSamples.length > 0 ? c.rssSamples[Math.floor(c.rssSamples.length / 10)] : null;
      const points = Math.min(20, c.rssSamples.length);
      c.rssCurveMb = Array.from({ length: points }, (_, i) => c.rssSamples[Math.floor(((i + 1) * c.rssSamples.length) / points) - 1]);
      const ticks = c.exited ? null : cpuTicks(c.pid);
      if (ticks !== null && c.cpuStart) {
        c.cpuPercent = Math.round(((ticks - c.cpuStart.ticks) * 10 * 100) / Math.max(Date.now() - c.cpuStart.wall, 1));
      }
    }
  }

  private sample(): void {
    for (const c of this.children) {
      const rss = c.exited ? null : rssMb(c.pid);
      if (rss === null) continue;
      c.rssMaxMb = Math.max(c.rssMaxMb ?? 0, rss);
      c.rssSamples.push(rss);
    }
    if (this.measuredTicks === null) return;
    if (this.cfg.heapProbe && this.measuredTicks % HEAP_PROBE_EVERY_S === 0) this.probeHeap();
    this.measuredTicks++;
  }

  /** Asks each process's heap probe for its live heap (bench/heap-probe.js). */
  private probeHeap(): void {
    for (const c of this.children) if (!c.exited) c.proc.kill('SIGWINCH');
  }

  /** A process that died mid-run is a finding in itself: the report names it. */
  crashed(): string[] {
    return this.children.filter((c) => c.exited).map((c) => c.name);
  }

  memory(): ProcessMemory[] {
    return this.children.map((c) => ({
      name: c.name, pid: c.pid, rssStartMb: c.rssStartMb, rssWarmMb: c.rssWarmMb, rssEndMb: c.rssEndMb,
      rssMaxMb: c.rssMaxMb, rssCurveMb: c.rssCurveMb, heapWarmMb: c.heapWarmMb, heapEndMb: c.heapEndMb,
      cpuPercent: c.cpuPercent,
    }));
  }

  /** SIGTERM all, then SIGKILL whatever has not exited after STOP_TIMEOUT_MS. */
  async stopAll(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    const waits = this.children
      .filter((c) => !c.exited)
      .map((c) => {
        const gone = new Promise<void>((r) => c.proc.once('exit', () => r()));
        c.proc.kill('SIGTERM');
        const timer = setTimeout(() => c.proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
        return gone.finally(() => clearTimeout(timer));
      });
    await Promise.all(waits);
  }
}

function readHeapFile(file: string): number[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
