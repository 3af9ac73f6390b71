import { EngineMetrics } from './engine-metrics';
import { LabelValues, OTHER_LABEL } from './label-values';

function seriesOf(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('EngineMetrics', () => {
  const accepted = new Date('2026-01-01T00:00:00.000Z');
  const after = (ms: number) => new Date(accepted.getTime() + ms);

  it('counts accepted orders by type and terminal ones by type, status and code', async () => {
    const metrics = new EngineMetrics({ enabled: true, processMetrics: false });
    metrics.orderAccepted('market');
    metrics.orderAccepted('market');
    metrics.orderAccepted('limit');
    metrics.orderMoved({ type: 'market', status: 'routing', terminal: false, acceptedAt: accepted, at: after(10) });
    metrics.orderMoved({ type: 'market', status: 'confirmed', terminal: true, acceptedAt: accepted, at: after(800) });
    metrics.orderMoved({ type: 'market', status: 'failed', terminal: true, acceptedAt: accepted, at: after(900), code: 'NO_ROUTE' });
    const text = await metrics.metrics();
    expect(seriesOf(text, 'engine_orders_accepted_total').sort()).toEqual([
      'engine_orders_accepted_total{type="limit"} 1',
      'engine_orders_accepted_total{type="market"} 2',
    ]);
    expect(seriesOf(text, 'engine_orders_terminal_total').sort()).toEqual([
      'engine_orders_terminal_total{type="market",status="confirmed",code="none"} 1',
      'engine_orders_terminal_total{type="market",status="failed",code="NO_ROUTE"} 1',
    ]);
  });

  it('observes the time from acceptance to each status in the right bucket', async () => {
    const metrics = new EngineMetrics({ enabled: true, processMetrics: false });
    metrics.orderMoved({ type: 'market', status: 'confirmed', terminal: true, acceptedAt: accepted, at: after(800) });
    metrics.orderMoved({ type: 'market', status: 'confirmed', terminal: true, acceptedAt: accepted, at: after(3000) });
    const text = await metrics.metrics();
    const line = (le: string) => `engine_order_status_seconds_bucket{le="${le}",type="market",status="confirmed"}`;
    expect(text).toContain(`${line('0.5')} 0\n`);
    expect(text).toContain(`${line('1')} 1\n`);
    expect(text).toContain(`${line('2.5')} 1\n`);
    expect(text).toContain(`${line('5')} 2\n`);
    expect(text).toContain('engine_order_status_seconds_sum{type="market",status="confirmed"} 3.8\n');
    expect(text).toContain('engine_order_status_seconds_count{type="market",status="confirmed"} 2\n');
  });

  it('counts route kinds, each venue of a route once, retries by cause and WebSocket messages', async () => {
    const metrics = new EngineMetrics({ enabled: true, processMetrics: false });
    metrics.routeChosen('split', ['raydium', 'meteora']);
    metrics.routeChosen('two-hop', ['raydium', 'raydium']);
    metrics.retry('SLIPPAGE_EXCEEDED');
    metrics.retry('SLIPPAGE_EXCEEDED');
    metrics.wsMessageSent();
    const text = await metrics.metrics();
    expect(text).toContain('engine_routes_chosen_total{kind="split"} 1\n');
    expect(text).toContain('engine_routes_chosen_total{kind="two-hop"} 1\n');
    expect(text).toContain('engine_route_venues_total{venue="raydium"} 2\n');
    expect(text).toContain('engine_route_venues_total{venue="meteora"} 1\n');
    expect(text).toContain('engine_order_retries_total{cause="SLIPPAGE_EXCEEDED"} 2\n');
    expect(text).toContain('engine_ws_messages_sent_total 1\n');
  });

  it('labels HTTP requests by the route pattern, and unrouted ones as unmatched', async () => {
    const metrics = new EngineMetrics({ enabled: true, processMetrics: false });
    metrics.httpRequest('GET', '/api/orders/:id', 200, 0.004);
    metrics.httpRequest('GET', '/api/orders/:id', 404, 0.002);
    metrics.httpRequest('GET', undefined, 404, 0.001);
    metrics.httpRequest('BREW', '/api/orders', 405, 0.001);
    const text = await metrics.metrics();
    expect(text).toContain('engine_http_request_duration_seconds_count{method="GET",route="/api/orders/:id",status="200"} 1\n');
    expect(text).toContain('engine_http_request_duration_seconds_count{method="GET",route="/api/orders/:id",status="404"} 1\n');
    expect(text).toContain('engine_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1\n');
    expect(text).toContain('engine_http_request_duration_seconds_count{method="other",route="/api/orders",status="405"} 1\n');
  });

  it('reads the queue, the pool and the sockets only when scraped, and survives a queue that does not answer', async () => {
    const metrics = new EngineMetrics({ enabled: true, processMetrics: false });
    let reads = 0;
    metrics.readQueueFrom(async () => {
      reads++;
      return { waiting: 3, prioritized: 1, active: 2, delayed: 4, completed: 99 };
    });
    metrics.readPoolFrom(() => ({ total: 5, idle: 4, waiting: 0 }));
    metrics.readWebSocketConnectionsFrom(() => 7);
    expect(reads).toBe(0);
    const text = await metrics.metrics();
    expect(reads).toBe(1);
    expect(seriesOf(text, 'engine_queue_jobs').sort()).toEqual([
      'engine_queue_jobs{state="active"} 2',
      'engine_queue_jobs{state="delayed"} 4',
      'engine_queue_jobs{state="prioritized"} 1',
      'engine_queue_jobs{state="waiting"} 3',
    ]);
    expect(text).toContain('engine_pg_pool_connections{state="idle"} 4\n');
    expect(text).toContain('engine_ws_connections 7\n');
    metrics.readQueueFrom(() => Promise.reject(new Error('redis away')));
    const later = await metrics.metrics();
    expect(seriesOf(later, 'engine_queue_jobs')).toEqual([]);
    expect(later).toContain('engine_ws_connections 7\n');
  });

  it('keeps labels few: an id-like or endless stream of values becomes "other"', async () => {
    const metrics = new EngineMetrics({ enabled: true, processMetrics: false });
    for (let i = 0; i < 500; i++) metrics.httpRequest('GET', `/api/orders/${i}`, 200, 0.001);
    for (let i = 0; i < 500; i++) metrics.orderMoved({ type: 'market', status: 'failed', terminal: true, acceptedAt: accepted, at: accepted, code: `CODE_${i}` });
    metrics.orderAccepted('market"} 1\nfake_metric{');
    const text = await metrics.metrics();
    expect(seriesOf(text, 'engine_http_request_duration_seconds_count').length).toBeLessThanOrEqual(101);
    expect(seriesOf(text, 'engine_orders_terminal_total').length).toBeLessThanOrEqual(51);
    expect(text).toContain('engine_orders_terminal_total{type="market",status="failed",code="other"} 450\n');
    expect(text).toContain('engine_orders_accepted_total{type="other"} 1\n');
    expect(text).not.toContain('fake_metric');
  });

  it('records group-commit batch sizes by group', async () => {
    const metrics = new EngineMetrics({ enabled: true, processMetrics: false });
    metrics.groupCommitBatch('order inserts', 1);
    metrics.groupCommitBatch('order inserts', 40);
    metrics.groupCommitBatch(undefined, 2);
    const text = await metrics.metrics();
    expect(text).toContain('engine_group_commit_batch_size_bucket{le="1",group="order inserts"} 1\n');
    expect(text).toContain('engine_group_commit_batch_size_bucket{le="50",group="order inserts"} 2\n');
    expect(text).toContain('engine_group_commit_batch_size_sum{group="order inserts"} 41\n');
    expect(text).toContain('engine_group_commit_batch_size_count{group="unnamed"} 1\n');
  });

  it('adds the process metrics by default', async () => {
    const metrics = new EngineMetrics({ enabled: true });
    const text = await metrics.metrics();
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('when off, records nothing and exposes nothing', async () => {
    const metrics = new EngineMetrics({ enabled: false });
    metrics.orderAccepted('market');
    metrics.httpRequest('GET', '/health', 200, 0.001);
    metrics.readWebSocketConnectionsFrom(() => 3);
    expect((await metrics.metrics()).trim()).toBe('');
  });
});

describe('LabelValues', () => {
  it('passes the first values it sees up to its bound, then answers other', () => {
    const labels = new LabelValues(2);
    expect(labels.of('a')).toBe('a');
    expect(labels.of('b')).toBe('b');
    expect(labels.of('c')).toBe(OTHER_LABEL);
    expect(labels.of('a')).toBe('a');
  });

  it('refuses values that are not plain text', () => {
    const labels = new LabelValues(10);
    expect(labels.of('')).toBe(OTHER_LABEL);
    expect(labels.of('a"b')).toBe(OTHER_LABEL);
    expect(labels.of('line\nbreak')).toBe(OTHER_LABEL);
    expect(labels.of('x'.repeat(101))).toBe(OTHER_LABEL);
    expect(labels.of('/api/orders/:id')).toBe('/api/orders/:id');
  });
});
