/**
 * `npm run bench`: measures the floor (Redis, Postgres), starts the engine (or targets one with
 * --url), runs the load, and reports throughput, per-status latency and memory. See --help.
 */
import { join, resolve } from 'node:path';
import { cleanRedis, resetDatabase } from './bench-environment';
import { BenchOptions, HELP, parseArgs, UsageError } from './cli';
import { EngineProcesses } from './engine-processes';
import { bullmqFloor, FloorResult, postgresFloor } from './floor';
import { LoadRun } from './load';
import { closeAgents, closeSockets, OrderTrack, request, useApiKey } from './order-client';
import { makeBenchKey } from './bench-keys';
import { Progress } from './progress';
import { buildResults, printResults, writeResults } from './report';
import { cpuPercent } from './stats';

const ROOT = resolve(__dirname, '..');
const QUEUE_PREFIX = 'bench';
const FLOOR_PREFIX = 'bench-floor';
const PG_FLOOR_CONNECTIONS = 10;
const LOST_CHECK_CAP = 500;

let engine: EngineProcesses | null = null;
let interrupted = false;

// Ctrl-C: stop the engine properly once; a second Ctrl-C exits at once (the exit hook SIGKILLs).
function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.error(`\n${signal}: stopping the engine processes…`);
  closeSockets();
  void (engine?.stopAll() ?? Promise.resolve()).finally(() => process.exit(130));
}

async function measureFloor(o: BenchOptions): Promise<FloorResult> {
  const concurrency = o.workerConcurrency * Math.max(o.workers, 1);
  process.stdout.write(`floor: ${o.floorJobs} empty BullMQ jobs… `);
  const bullmqJobsPerS = await bullmqFloor(o.redisUrl, FLOOR_PREFIX, o.floorJobs, concurrency, o.concurrency);
  await cleanRedis(o.redisUrl, `${FLOOR_PREFIX}:*`);
  process.stdout.write(`${bullmqJobsPerS ?? 'timed out'}/s; ${o.floorInserts} Postgres inserts… `);
  const pgInsertsPerS = await postgresFloor(o.databaseUrl, o.floorInserts, PG_FLOOR_CONNECTIONS);
  console.log(`${pgInsertsPerS}/s`);
  return {
    bullmqJobsPerS, bullmqJobs: o.floorJobs, bullmqConcurrency: concurrency,
    pgInsertsPerS, pgInserts: o.floorInserts, pgConnections: PG_FLOOR_CONNECTIONS,
  };
}

/**
 * An order with no terminal event by the deadline is lost for the client; asking the engine tells
 * whether it was the stream that missed the event (the order is terminal) or the engine itself.
 */
async function countStreamMissed(tracks: OrderTrack[], apiUrls: string[], concurrency: number): Promise<number> {
  const unsettled = tracks.filter((t) => t.terminal === null && t.followed).slice(0, LOST_CHECK_CAP);
  let missed = 0;
  for (const t of unsettled) {
    const res = await request(apiUrls[t.api], 'GET', `/api/orders/${t.id}`, undefined, concurrency).catch(() => null);
    const status = res?.status === 200 ? (JSON.parse(res.body) as { status: string }).status : null;
    if (status === 'confirmed' || status === 'failed') missed++;
  }
  return missed;
}

function configOf(o: BenchOptions, apiUrls: string[]): Record<string, unknown> {
  return {
    url: o.url, apis: o.url ? null : o.apis, workers: o.url ? null : o.workers, apiUrls,
    workerConcurrency: o.url ? null : o.workerConcurrency, realistic: o.realistic, heap: o.url ? null : o.heap, rate: o.rate,
    concurrency: o.concurrency, orders: o.orders, durationS: o.durationS, follow: o.follow,
    sampleEvery: o.follow === 'sample' ? o.sampleEvery : null, lostAfterS: o.lostAfterS,
    engineSettings: o.url ? null : {
      SIM_LATENCY: o.realistic ? 'realistic' : 'off', QUEUE_RATE_LIMIT: 0, SIM_FAULT_RATE: 0, SIM_CONGESTION: 'off',
      QUEUE_PREFIX, DATABASE_URL: o.databaseUrl, LOG_LEVEL: 'warn', AUTH_MODE: o.auth ? 'required' : 'open',
    },
  };
}

async function bench(o: BenchOptions): Promise<number> {
  const wallStart = Date.now();
  if (!o.url) {
    await resetDatabase(o.databaseUrl, true);
    // `bench:*`, not `bench*`: other benches (bench/list-orders.ts uses `bench-list`) may be running.
    const removed = (await cleanRedis(o.redisUrl, `${QUEUE_PREFIX}:*`)) + (await cleanRedis(o.redisUrl, `${FLOOR_PREFIX}:*`));
    console.log(`reset: database ${new URL(o.databaseUrl).pathname.slice(1)} dropped, ${removed} Redis keys of ${QUEUE_PREFIX}: and ${FLOOR_PREFIX}: removed`);
  } else if (o.floor) {
    await resetDatabase(o.databaseUrl, false); // only a scratch table: never drop someone's database
  }
  const floor = o.floor ? await measureFloor(o) : null;

  let apiUrls = o.url ? [o.url] : [];
  if (!o.url) {
    engine = new EngineProcesses({
      apis: o.apis, workers: o.workers, workerConcurrency: o.workerConcurrency, realistic: o.realistic,
      basePort: o.basePort, databaseUrl: o.databaseUrl, redisUrl: o.redisUrl, queuePrefix: QUEUE_PREFIX,
      heapProbe: o.heap,
      env: o.auth ? { AUTH_MODE: 'required' } : {},
    });
    console.log(`starting ${o.apis} api + ${o.workers} worker processes (logs in ${engine.logDir})…`);
    try {
      await engine.startAll();
    } catch (err) {
      console.error(`the engine failed to start: ${(err as Error).message}`);
      await engine.stopAll();
      return 1;
    }
    apiUrls = engine.apiUrls;
    if (o.auth) useApiKey(await makeBenchKey(o.databaseUrl, 1_000_000));
  } else if (o.apiKey) {
    useApiKey(o.apiKey);
  }

  console.log(`load: ${o.orders ? `${o.orders} orders` : `${o.durationS} s`} at rate ${o.rate} over ${apiUrls.join(', ')}`);
  const cpuStart = process.cpuUsage();
  const loadStart = Date.now();
  const load = new LoadRun({ ...o, apiUrls }, new Progress());
  engine?.markStart();
  await load.run();
  await engine?.markEnd();
  const clientCpuPercent = cpuPercent(cpuStart, loadStart);
  const streamMissed = await countStreamMissed(load.state.tracks, apiUrls, o.concurrency);
  closeSockets();
  closeAgents();
  const crashed = engine?.crashed() ?? [];
  await engine?.stopAll();

  const results = buildResults({
    config: configOf(o, apiUrls), state: load.state, floor, processes: engine?.memory() ?? [], crashed,
    streamMissed, clientCpuPercent, wallS: Math.round((Date.now() - wallStart) / 100) / 10,
  });
  printResults(results);
  writeResults(results, o.out ?? join(ROOT, `bench-results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`));
  return results.lost > 0 || crashed.length > 0 ? 1 : 0;
}

async function main(): Promise<void> {
  let options: BenchOptions | null;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`bench: ${err.message}`);
    process.exit(2);
  }
  if (options === null) {
    console.log(HELP);
    return;
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await bench(options).catch(async (err: Error) => {
    console.error(`bench failed: ${err.stack ?? err.message}`);
    closeSockets();
    await engine?.stopAll();
    return 1;
  });
  // Explicit exit: a stray keep-alive socket or Redis handle must not keep a finished run alive.
  process.exit(code);
}

void main();
