/**
 * Turns a run into its results: one object written as JSON and printed as a table, so the file
 * and the screen can never disagree.
 */
import { writeFileSync } from 'node:fs';
import { FloorResult } from './floor';
import { LoadState } from './load-state';
import { STATUSES } from './order-client';
import { ProcessMemory } from './engine-processes';
import { perSecond, Summary, summarize } from './stats';

export interface RunFacts {
  config: Record<string, unknown>;
  state: LoadState;
  floor: FloorResult | null;
  processes: ProcessMemory[];
  crashed: string[];
  /** Orders without a terminal event whose row is terminal: the stream missed it, the engine did not. */
  streamMissed: number;
  clientCpuPercent: number;
  wallS: number;
}

const ratio = (a: number | null, b: number | null | undefined) => (a === null || !b ? null : Math.round((a / b) * 1000) / 1000);

export function buildResults(f: RunFacts) {
  const s = f.state;
  const terminalWalls = s.tracks.map((t) => t.terminalWall).filter((w): w is number => w !== null);
  const lastTerminal = terminalWalls.length ? Math.max(...terminalWalls) : null;
  const acceptedPerS = perSecond(s.accepted, s.firstSubmitWall, s.lastAcceptWall);
  const completedPerS = perSecond(terminalWalls.length, s.firstSubmitWall, lastTerminal);
  const latencyMs: Record<string, Summary | null> = {};
  for (const status of STATUSES) {
    latencyMs[status] = summarize(s.tracks.map((t) => t.at[status]).filter((v): v is number => v !== undefined));
  }
  const unsettled = s.tracks.filter((t) => t.terminal === null).length;
  return {
    finishedAt: new Date().toISOString(),
    config: f.config,
    submitted: s.submitted,
    accepted: s.accepted,
    rejected: s.rejected,
    acceptedPerS,
    completedPerS,
    confirmed: s.tracks.filter((t) => t.terminal === 'confirmed').length,
    failed: s.tracks.filter((t) => t.terminal === 'failed').length,
    lost: unsettled,
    lostButTerminalInEngine: f.streamMissed,
    latencyMs,
    wsOpenMs: summarize(s.tracks.map((t) => t.wsOpenMs).filter((v): v is number => v !== null)),
    terminalDeliveryLagMs: summarize(s.tracks.map((t) => t.deliveryLagMs).filter((v): v is number => v !== null)),
    floor: f.floor,
    ratios: {
      completedVsBullmqFloor: ratio(completedPerS, f.floor?.bullmqJobsPerS),
      completedVsPostgresFloor: ratio(completedPerS, f.floor?.pgInsertsPerS),
      acceptedVsBullmqFloor: ratio(acceptedPerS, f.floor?.bullmqJobsPerS),
      acceptedVsPostgresFloor: ratio(acceptedPerS, f.floor?.pgInsertsPerS),
    },
    clientCpuPercent: f.clientCpuPercent,
    processes: f.processes,
    crashedProcesses: f.crashed,
    wallS: f.wallS,
  };
}

export type Results = ReturnType<typeof buildResults>;

const cell = (v: unknown, w: number) => String(v ?? '-').padStart(w);

export function printResults(r: Results): void {
  const c = r.config;
  const out: string[] = [];
  const row = (label: string, value: unknown) => out.push(`  ${label.padEnd(30)} ${value ?? '-'}`);
  out.push('', '== bench results ==');
  row('engine', c.url ? `external ${String(c.url)}` : `${c.apis} api x ${c.workers} worker (concurrency ${c.workerConcurrency}), ${c.realistic ? 'realistic latency' : 'latency off'}`);
  row('load', `rate ${c.rate}, http concurrency ${c.concurrency}, ${c.orders ? `${c.orders} orders` : `${c.durationS} s`}, follow ${c.follow}`);
  row('submitted / accepted', `${r.submitted} / ${r.accepted}${Object.keys(r.rejected).length ? `  rejected ${JSON.stringify(r.rejected)}` : ''}`);
  row('accepted orders/s (api)', r.acceptedPerS);
  row('completed orders/s (end to end)', r.completedPerS);
  row('confirmed / failed / lost', `${r.confirmed} / ${r.failed} / ${r.lost}${r.lostButTerminalInEngine ? ` (${r.lostButTerminalInEngine} of them terminal in the engine: stream missed)` : ''}`);
  out.push('', `  latency from submit, ms   ${['count', 'p50', 'p90', 'p99', 'max'].map((h) => cell(h, 8)).join('')}`);
  for (const [status, sm] of Object.entries(r.latencyMs)) {
    out.push(`    ${status.padEnd(24)}${[sm?.count, sm?.p50, sm?.p90, sm?.p99, sm?.max].map((v) => cell(v, 8)).join('')}`);
  }
  const extra: [string, typeof r.wsOpenMs][] = [['(ws open)', r.wsOpenMs], ['(live terminal delivery)', r.terminalDeliveryLagMs]];
  for (const [label, sm] of extra) {
    out.push(`    ${label.padEnd(24)}${[sm?.count, sm?.p50, sm?.p90, sm?.p99, sm?.max].map((v) => cell(v, 8)).join('')}`);
  }
  out.push('');
  if (r.floor) {
    row('floor: bullmq empty jobs/s', `${r.floor.bullmqJobsPerS ?? 'timed out'} (${r.floor.bullmqJobs} jobs, concurrency ${r.floor.bullmqConcurrency})`);
    row('floor: postgres inserts/s', `${r.floor.pgInsertsPerS} (${r.floor.pgInserts} rows, ${r.floor.pgConnections} connections)`);
    row('completed / floor', `${r.ratios.completedVsBullmqFloor ?? '-'} of bullmq, ${r.ratios.completedVsPostgresFloor ?? '-'} of postgres`);
    row('accepted / floor', `${r.ratios.acceptedVsBullmqFloor ?? '-'} of bullmq, ${r.ratios.acceptedVsPostgresFloor ?? '-'} of postgres`);
  } else {
    row('floor', 'skipped');
  }
  row('client cpu (of one core)', `${r.clientCpuPercent}%${r.clientCpuPercent > 85 ? '  <- the client may have been the bottleneck' : ''}`);
  if (r.processes.length) {
    out.push('', `  process rss MB, cpu %     ${['start', 'warm', 'end', 'max', 'cpu%'].map((h) => cell(h, 8)).join('')}`);
    for (const p of r.processes) {
      out.push(`    ${`${p.name} (pid ${p.pid})`.padEnd(24)}${[p.rssStartMb, p.rssWarmMb, p.rssEndMb, p.rssMaxMb, p.cpuPercent].map((v) => cell(v, 8)).join('')}`);
    }
  }
  if (r.processes.some((p) => p.heapEndMb !== null)) {
    out.push('', `  live heap MB after full GC  ${['warm', 'end'].map((h) => cell(h, 8)).join('')}`);
    for (const p of r.processes) out.push(`    ${p.name.padEnd(24)}${[p.heapWarmMb, p.heapEndMb].map((v) => cell(v, 8)).join('')}`);
  }
  if (r.crashedProcesses.length) row('processes that died mid-run', r.crashedProcesses.join(', '));
  row('wall time', `${r.wallS} s`);
  console.log(out.join('\n'));
}

export function writeResults(r: Results, file: string): void {
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  console.log(`\n  results written to ${file}`);
}
