/**
 * What recording one order's metrics costs, in CPU time: the calls the engine makes for a market
 * order placed over HTTP and followed over its WebSocket (one HTTP request, the acceptance, four
 * status changes, the route, five WebSocket messages, and a group-commit observation per statement,
 * as if no two orders ever shared one), repeated over many orders, with metrics on and off.
 *
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/metrics-cost.ts [orders]
 */
import { EngineMetrics } from '@app/observability';

const STEPS = ['routing', 'building', 'submitted', 'confirmed'] as const;
const GROUPS = ['order inserts', 'status changes', 'event publishes'];

function recordOrders(metrics: EngineMetrics, orders: number): void {
  const acceptedAt = new Date();
  for (let i = 0; i < orders; i++) {
    metrics.httpRequest('POST', '/api/orders/execute', 202, 0.004);
    metrics.orderAccepted('market');
    metrics.groupCommitBatch(GROUPS[0], 1);
    for (const status of STEPS) {
      metrics.orderMoved({ type: 'market', status, terminal: status === 'confirmed', acceptedAt, at: new Date(), code: null });
      metrics.groupCommitBatch(GROUPS[1], 1);
      metrics.groupCommitBatch(GROUPS[2], 1);
      if (status === 'routing') metrics.routeChosen('split', ['raydium', 'meteora']);
    }
    for (let m = 0; m < 5; m++) metrics.wsMessageSent();
  }
}

/** CPU microseconds per order, the median of five rounds. */
function cpuPerOrderUs(enabled: boolean, orders: number): number {
  const metrics = new EngineMetrics({ enabled, processMetrics: false });
  recordOrders(metrics, Math.min(orders, 10_000)); // warm-up: the JIT, and every series created
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = process.cpuUsage();
    recordOrders(metrics, orders);
    const used = process.cpuUsage(start);
    rounds.push((used.user + used.system) / orders);
  }
  return rounds.sort((a, b) => a - b)[2];
}

const orders = Number(process.argv[2] ?? 100_000);
const on = cpuPerOrderUs(true, orders);
const off = cpuPerOrderUs(false, orders);
console.log(`${orders} orders a round, median of 5 rounds, CPU per order:`);
console.log(`  metrics on   ${on.toFixed(2)} µs`);
console.log(`  metrics off  ${off.toFixed(2)} µs`);
console.log(`  recording    ${(on - off).toFixed(2)} µs per order`);
