import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';

/**
 * A Postgres and a Redis that belong to the fault suite alone: started on free ports from temporary
 * directories, so the suite can kill, freeze and restart them without touching the machine's
 * services, and removed at the end (also when a test fails or the run is interrupted).
 */

/**
 * What the suite has running, kept in a manifest that a detached reaper (`reaper.js`) acts on if
 * the suite's process ends without its teardown: a failing test is cleaned up by the teardown, an
 * interrupted or killed run by the reaper.
 */
class Leftovers {
  private readonly file = join(mkdtempSync(join(tmpdir(), 'order-engine-faults-reaper-')), 'manifest.json');
  readonly pids = new Set<number>();
  readonly postgres = new Map<string, string[]>();
  readonly dirs = new Set<string>();
  private started = false;

  save(): void {
    const postgres = [...this.postgres].map(([data, ctl]) => ({ data, ctl }));
    const manifest = { pids: [...this.pids], postgres, dirs: [...this.dirs] };
    writeFileSync(this.file, JSON.stringify(manifest));
    if (this.started) return;
    this.started = true;
    const reaper = join(__dirname, 'reaper.js');
    spawn(process.execPath, [reaper, this.file, String(process.pid)], { detached: true, stdio: 'ignore' }).unref();
  }
}

export const leftovers = new Leftovers();

export { freePort };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The newest installed server binaries (`/usr/lib/postgresql/<version>/bin`), or PG_BIN. */
function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server under ${root}/*/bin (set PG_BIN)`);
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0], 'bin');
}

/** Pids whose parent is `pid` (Postgres backends are children of the postmaster). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command may hold spaces and parentheses: the fields after the last ')' are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export class OwnedPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'order-engine-faults-pg-'));
  private readonly data = join(this.dir, 'data');
  private readonly bin = postgresBin();
  // initdb refuses to run as root: then every server command runs as the `postgres` OS user.
  private readonly asUser = process.getuid?.() === 0 ? 'postgres' : null;
  private constructor(readonly port: number) {}

  static async start(): Promise<OwnedPostgres> {
    const pg = new OwnedPostgres(await freePort());
    leftovers.dirs.add(pg.dir);
    leftovers.postgres.set(pg.data, pg.command('pg_ctl', ['-D', pg.data, 'stop', '-m', 'immediate']));
    leftovers.save();
    pg.init();
    pg.ctl(['start', '-w', '-t', '60', '-l', join(pg.dir, 'postgres.log')]);
    return pg;
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private command(file: string, args: string[]): string[] {
    const path = join(this.bin, file);
    return this.asUser ? ['runuser', '-u', this.asUser, '--', path, ...args] : [path, ...args];
  }

  private run(file: string, args: string[]): string {
    const [cmd, ...argv] = this.command(file, args);
    return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).toString();
  }

  private ctl(args: string[]): void {
    this.run('pg_ctl', ['-D', this.data, ...args]);
  }

  private init(): void {
    if (this.asUser) {
      const uid = Number(execFileSync('id', ['-u', this.asUser]).toString());
      const gid = Number(execFileSync('id', ['-g', this.asUser]).toString());
      chownSync(this.dir, uid, gid);
    }
    this.run('initdb', ['-D', this.data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    // Four engine processes with their pools, the suite's own sessions and room for reconnects.
    writeFileSync(
      join(this.data, 'postgresql.auto.conf'),
      [
        `port = ${this.port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${this.dir}'`,
        'max_connections = 300',
        'shared_buffers = 128MB',
        'log_min_messages = warning',
        '',
      ].join('\n'),
    );
  }

  private postmasterPid(): number | null {
    try {
      return Number(readFileSync(join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return null;
    }
  }

  /** A crash and a restart: `pg_ctl restart -m immediate` (no checkpoint; recovery replays the WAL). */
  restartImmediate(): void {
    this.ctl(['restart', '-m', 'immediate', '-w', '-t', '60', '-l', join(this.dir, 'postgres.log')]);
  }

  /** Every backend of `database` but the caller's is terminated, as an administrator (or failover) would. */
  async terminateBackends(database: string): Promise<number> {
    const admin = new Client({ connectionString: this.url('postgres') });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [database],
      );
      return rows[0].n as number;
    } finally {
      await admin.end();
    }
  }

  /**
   * SIGSTOP of the postmaster first (it then forks no new backend), then of every process it
   * started: a hang, as a network partition or a long pause looks to the engine, not a refusal.
   */
  freeze(): number[] {
    const pm = this.postmasterPid();
    if (!pm) throw new Error('postgres is not running');
    signal(pm, 'SIGSTOP');
    const stopped = [pm, ...childrenOf(pm)];
    stopped.slice(1).forEach((pid) => signal(pid, 'SIGSTOP'));
    return stopped;
  }

  thaw(stopped: number[]): void {
    // Children first, so the postmaster finds its backends running when it wakes.
    [...stopped.slice(1), stopped[0]].forEach((pid) => signal(pid, 'SIGCONT'));
  }

  /** Stops the server at once and removes its directory. */
  async destroy(): Promise<void> {
    const pm = this.postmasterPid();
    if (pm) {
      // A frozen server cannot stop: wake it first.
      [pm, ...childrenOf(pm)].forEach((pid) => signal(pid, 'SIGCONT'));
      try {
        this.ctl(['stop', '-m', 'immediate', '-w', '-t', '30']);
      } catch {
        signal(pm, 'SIGKILL');
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    leftovers.postgres.delete(this.data);
    leftovers.dirs.delete(this.dir);
    leftovers.save();
  }
}

export class OwnedRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'order-engine-faults-redis-'));
  private proc: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnedRedis> {
    const redis = new OwnedRedis(await freePort());
    leftovers.dirs.add(redis.dir);
    await redis.launch();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    if (!this.proc?.pid) throw new Error('redis is not running');
    return this.proc.pid;
  }

  /**
   * With the append-only file on (fsync every second, as Redis recommends), as the Docker setup
   * runs it, so a restart can keep or lose the queue as the test chooses; no eviction, ever.
   */
  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes',
      '--appendfsync', 'everysec', '--dir', this.dir, '--maxmemory-policy', 'noeviction',
      '--logfile', join(this.dir, 'redis.log')];
    const proc = spawn('redis-server', args, { stdio: 'ignore' });
    this.proc = proc;
    if (proc.pid) leftovers.pids.add(proc.pid);
    leftovers.save();
    proc.once('exit', () => {
      if (proc.pid) leftovers.pids.delete(proc.pid);
      leftovers.save();
    });
    const start = Date.now();
    while (!this.ping()) {
      if (proc.exitCode !== null) {
        throw new Error(`redis-server exited with ${proc.exitCode}; see ${this.dir}/redis.log`);
      }
      if (Date.now() - start > 20_000) throw new Error('redis-server did not answer PING within 20 s');
      await sleep(50);
    }
  }

  private ping(): boolean {
    const res = spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { timeout: 2000 });
    return res.stdout?.toString().trim() === 'PONG';
  }

  private async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGCONT');
    proc.kill('SIGKILL');
    await gone;
  }

  /** A crash (kill -9) and a restart; `keepData` false removes the append-only file first: the queue is gone. */
  async restart(keepData: boolean): Promise<void> {
    await this.kill();
    if (!keepData) {
      for (const entry of readdirSync(this.dir)) {
        if (entry !== 'redis.log') rmSync(join(this.dir, entry), { recursive: true, force: true });
      }
    }
    await this.launch();
  }

  freeze(): void {
    signal(this.pid, 'SIGSTOP');
  }

  thaw(): void {
    signal(this.pid, 'SIGCONT');
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
    leftovers.dirs.delete(this.dir);
    leftovers.save();
  }
}
