import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { leftovers } from '../support/owned-services';

/**
 * The engine as it runs in production: two api and two worker processes, each its own OS process
 * started from the build (`npm run build`), sharing the suite's own Postgres and Redis. A member
 * can be killed, stopped gracefully and started again under the same name and port.
 */
const ROOT = join(__dirname, '..', '..');
const MAIN = {
  api: join(ROOT, 'dist/apps/api/apps/api/src/main.js'),
  worker: join(ROOT, 'dist/apps/worker/apps/worker/src/main.js'),
};
const READY_TIMEOUT_MS = 60_000;

export interface ClusterConfig {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  apiPorts: [number, number];
  logDir: string;
  env: Record<string, string>;
}

interface Member {
  name: string;
  role: 'api' | 'worker';
  port?: number;
  proc: ChildProcess | null;
  output: string;
}


export class Cluster {
  private readonly members: Member[];

  constructor(private readonly cfg: ClusterConfig) {
    this.members = [
      ...cfg.apiPorts.map((port, i) => ({ name: `api-${i}`, role: 'api' as const, port, proc: null, output: '' })),
      ...[0, 1].map((i) => ({ name: `worker-${i}`, role: 'worker' as const, proc: null, output: '' })),
    ];
  }

  get apiUrls(): string[] {
    return this.cfg.apiPorts.map((p) => `http://127.0.0.1:${p}`);
  }

  get names(): string[] {
    return this.members.map((m) => m.name);
  }

  private member(name: string): Member {
    const m = this.members.find((x) => x.name === name);
    if (!m) throw new Error(`no member ${name}`);
    return m;
  }

  private running(m: Member): boolean {
    return m.proc !== null && m.proc.exitCode === null && m.proc.signalCode === null;
  }

  /** Starts every member that is not running; the first api alone first, as it migrates the database. */
  async startAll(): Promise<void> {
    const first = this.members[0];
    if (!this.running(first)) await this.start(first.name);
    await Promise.all(this.members.filter((m) => !this.running(m)).map((m) => this.start(m.name)));
  }

  /** Starts one member and resolves once it serves: an api answers /health 200, a worker logs that it runs. */
  async start(name: string): Promise<void> {
    const m = this.member(name);
    if (this.running(m)) throw new Error(`${name} is already running`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...this.cfg.env,
      HOST: '127.0.0.1',
      DATABASE_URL: this.cfg.databaseUrl,
      REDIS_URL: this.cfg.redisUrl,
      QUEUE_PREFIX: this.cfg.queuePrefix,
      // Workers serve no HTTP port here (WORKER_HTTP_PORT=0): two on one machine would want the same
      // default port, and the suite reads a worker's state from its log and from Postgres.
      ...(m.role === 'api' ? { PORT: String(m.port), RUN_WORKER: 'false' } : { WORKER_HTTP_PORT: '0' }),
    };
    const proc = spawn(process.execPath, [MAIN[m.role]], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (proc.pid) leftovers.pids.add(proc.pid);
    leftovers.save();
    m.proc = proc;
    m.output = '';
    const log = createWriteStream(join(this.cfg.logDir, `${name}.log`), { flags: 'a' });
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      // Only the start matters for readiness; the log file keeps the rest.
      if (m.output.length < 20_000) m.output += chunk.toString();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', () => {
      if (proc.pid) leftovers.pids.delete(proc.pid);
      leftovers.save();
      log.end();
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await this.ready(m))) {
      if (!this.running(m)) throw new Error(`${name} exited during start:\n${m.output.slice(-3000)}`);
      if (Date.now() > deadline) {
        throw new Error(`${name} not ready within ${READY_TIMEOUT_MS / 1000} s:\n${m.output.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async ready(m: Member): Promise<boolean> {
    if (m.role === 'worker') return /worker running/.test(m.output);
    return fetch(`http://127.0.0.1:${m.port}/health`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.status === 200)
      .catch(() => false);
  }

  /** `kill -9`: no shutdown hook runs, in-flight requests and jobs are cut. */
  async kill(name: string): Promise<void> {
    const m = this.member(name);
    if (!m.proc || !this.running(m)) return;
    const gone = new Promise((r) => m.proc!.once('exit', r));
    m.proc.kill('SIGKILL');
    await gone;
  }

  /**
   * SIGTERM: resolves with how the process ended and how long its drain took. Nest's shutdown
   * hook closes the application, then raises the signal again: a clean stop ends by SIGTERM.
   */
  async terminate(name: string): Promise<{ code: number | null; signal: string | null; ms: number }> {
    const m = this.member(name);
    if (!m.proc || !this.running(m)) {
      return { code: m.proc?.exitCode ?? null, signal: m.proc?.signalCode ?? null, ms: 0 };
    }
    const started = Date.now();
    const proc = m.proc;
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => {
      proc.once('exit', (c, s) => resolve([c, s]));
      proc.kill('SIGTERM');
    });
    return { code, signal, ms: Date.now() - started };
  }

  /** Processes that are not running (a crash the test did not cause is a finding). */
  down(): string[] {
    return this.members.filter((m) => !this.running(m)).map((m) => m.name);
  }

  /** What a member printed at `error` or above since its start (for the report when something fails). */
  errors(name: string): string[] {
    return this.member(name).output.split('\n').filter((l) => /ERROR|FATAL/.test(l));
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.members.map(async (m) => {
        if (!m.proc || !this.running(m)) return;
        const proc = m.proc;
        const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
        await this.terminate(m.name);
        clearTimeout(timer);
      }),
    );
  }
}
