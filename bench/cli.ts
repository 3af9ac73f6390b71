/**
 * Command-line flags of `npm run bench`: parsing, validation and --help. A bad flag is a usage
 * error (exit 2) reported before anything starts, so a typo never costs a half-finished run.
 */
export interface BenchOptions {
  url: string | null;
  apis: number;
  workers: number;
  workerConcurrency: number;
  rate: number | 'max';
  concurrency: number;
  orders: number | null;
  durationS: number | null;
  follow: 'all' | 'sample';
  sampleEvery: number;
  realistic: boolean;
  heap: boolean;
  /** Run the engine with AUTH_MODE=required and place every order with a key (whose limits are high but checked). */
  auth: boolean;
  /** With --url: the key to present. */
  apiKey: string | null;
  lostAfterS: number;
  floor: boolean;
  floorJobs: number;
  floorInserts: number;
  basePort: number;
  databaseUrl: string;
  redisUrl: string;
  out: string | null;
}

export class UsageError extends Error {}

export const HELP = `Usage: npm run bench -- [flags]

Starts the engine (or targets a running one), measures the Redis and Postgres floor, submits
orders, follows them to the end and prints throughput, per-status latency and memory.

Engine
  --url URL               target a running engine (127.0.0.1 or localhost only) instead of starting one
  --api N                 api processes to start, ports 3300.. (default 1)
  --workers M             worker processes to start (default 1); 0 = the api runs the worker in-process
  --worker-concurrency K  WORKER_CONCURRENCY of each worker (default 200)
  --realistic             keep simulated latency (about 2-3 s an order); faults and congestion stay off
  --heap                  every 10 s, a full GC in each engine process and its live heap read (memory
                          growth without RSS noise; each probe pauses a process for a few ms)
  --port P                first api port (default 3300)
  --auth                  AUTH_MODE=required: the bench makes a key (limits of a million a second, so
                          the rate limiter runs but never refuses) and sends it with every request and
                          WebSocket upgrade
  --api-key KEY           with --url: the key to send

Load
  --rate N|max            orders per second, or as fast as accepted (default max)
  --concurrency C         HTTP requests in flight at most (default 50)
  --orders N              orders to submit (default 5000 unless --duration is given)
  --duration S            submit for S seconds instead of a fixed count
  --follow all|sample     follow every order over its WebSocket (default), or 1 in K; the others'
                          completions are read from Postgres every 500 ms
  --sample-every K        K for --follow sample (default 10)
  --lost-after S          an order not terminal S seconds after the last submission is lost (default 60)

Floor (measured before the engine starts, same Redis and Postgres)
  --no-floor              skip the floor
  --floor-jobs N          empty BullMQ jobs for the queue floor (default 5000)
  --floor-inserts N       single-row INSERTs for the Postgres floor (default 5000)

Other
  --database-url URL      bench database (default postgres://postgres@127.0.0.1:5432/order_engine_bench);
                          dropped at start when the engine is started here
  --redis-url URL         Redis (default redis://127.0.0.1:6379); bench:* and bench-floor:* keys are cleaned at start
  --out FILE              results file (default bench-results-<timestamp>.json in the repo root)
  --help                  this text

Exit codes: 0 the run completed, 1 orders were lost or the engine failed, 2 bad flags.`;

const DEFAULTS: BenchOptions = {
  url: null, apis: 1, workers: 1, workerConcurrency: 200, rate: 'max', concurrency: 50,
  orders: null, durationS: null, follow: 'all', sampleEvery: 10, realistic: false, heap: false, auth: false, apiKey: null,
  lostAfterS: 60,
  floor: true, floorJobs: 5000, floorInserts: 5000, basePort: 3300,
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/order_engine_bench',
  redisUrl: 'redis://127.0.0.1:6379', out: null,
};

function int(flag: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

// The bench only ever talks to this machine: a mistyped URL must not load someone else's server.
function loopback(flag: string, raw: string, protocols: string[]): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`${flag} is not a URL: "${raw}"`);
  }
  if (!protocols.includes(u.protocol)) throw new UsageError(`${flag} must use ${protocols.join(' or ')}`);
  if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') {
    throw new UsageError(`${flag} must point at 127.0.0.1 or localhost, got "${u.hostname}"`);
  }
  u.hostname = '127.0.0.1';
  return u.toString().replace(/\/$/, '');
}

type Setter = (o: BenchOptions, v: string) => void;
const VALUED: Record<string, Setter> = {
  '--url': (o, v) => (o.url = loopback('--url', v, ['http:'])),
  '--api': (o, v) => (o.apis = int('--api', v, 1, 16)),
  '--workers': (o, v) => (o.workers = int('--workers', v, 0, 16)),
  '--worker-concurrency': (o, v) => (o.workerConcurrency = int('--worker-concurrency', v, 1, 1000)),
  '--port': (o, v) => (o.basePort = int('--port', v, 1024, 65000)),
  '--rate': (o, v) => (o.rate = v === 'max' ? 'max' : int('--rate', v, 1, 100_000)),
  '--concurrency': (o, v) => (o.concurrency = int('--concurrency', v, 1, 5000)),
  '--orders': (o, v) => (o.orders = int('--orders', v, 1, 10_000_000)),
  '--duration': (o, v) => (o.durationS = int('--duration', v, 1, 86_400)),
  '--follow': (o, v) => {
    if (v !== 'all' && v !== 'sample') throw new UsageError(`--follow must be all or sample, got "${v}"`);
    o.follow = v;
  },
  '--sample-every': (o, v) => (o.sampleEvery = int('--sample-every', v, 1, 1_000_000)),
  '--lost-after': (o, v) => (o.lostAfterS = int('--lost-after', v, 1, 3600)),
  '--floor-jobs': (o, v) => (o.floorJobs = int('--floor-jobs', v, 1, 1_000_000)),
  '--floor-inserts': (o, v) => (o.floorInserts = int('--floor-inserts', v, 1, 1_000_000)),
  '--database-url': (o, v) => (o.databaseUrl = loopback('--database-url', v, ['postgres:', 'postgresql:'])),
  '--redis-url': (o, v) => (o.redisUrl = loopback('--redis-url', v, ['redis:'])),
  '--out': (o, v) => (o.out = v),
  '--api-key': (o, v) => (o.apiKey = v),
};
const SWITCHES: Record<string, (o: BenchOptions) => void> = {
  '--realistic': (o) => (o.realistic = true),
  '--heap': (o) => (o.heap = true),
  '--auth': (o) => (o.auth = true),
  '--no-floor': (o) => (o.floor = false),
};

/** Returns the options, or null when --help was asked for. Throws UsageError on a bad flag. */
export function parseArgs(argv: string[]): BenchOptions | null {
  const o: BenchOptions = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    // Accept both `--flag value` and `--flag=value`.
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    if (flag === '--help' || flag === '-h') return null;
    if (SWITCHES[flag] && inline === undefined) {
      SWITCHES[flag](o);
      continue;
    }
    const set = VALUED[flag];
    if (!set) throw new UsageError(`unknown flag "${argv[i]}" (see --help)`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    set(o, value);
  }
  if (o.orders !== null && o.durationS !== null) throw new UsageError('give --orders or --duration, not both');
  if (o.orders === null && o.durationS === null) o.orders = 5000;
  if (o.url !== null && (argv.some((a) => /^--(api|workers|worker-concurrency|port|realistic|heap|auth)\b/.test(a)))) {
    throw new UsageError('--api, --workers, --worker-concurrency, --port, --realistic, --heap and --auth configure an engine started here; not with --url');
  }
  if (o.apiKey !== null && o.url === null) throw new UsageError('--api-key goes with --url (with an engine started here, use --auth)');
  if (o.basePort + o.apis > 65535) throw new UsageError('--port plus --api runs past port 65535');
  return o;
}
