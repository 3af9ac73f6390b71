import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { LabelValues } from './label-values';

export interface EngineMetricsOptions {
  /** METRICS_ENABLED: false registers nothing, and every recording method does nothing. */
  enabled: boolean;
  /** Process metrics (CPU, memory, event loop, GC); off in unit tests. */
  processMetrics?: boolean;
}

/** One status change of an order, as the state machine committed it. */
export interface OrderMove {
  type: string;
  status: string;
  terminal: boolean;
  /** When the order was accepted (its row's created_at). */
  acceptedAt: Date;
  /** When it reached `status`. */
  at: Date;
  /** A failed order's error code. */
  code?: string | null;
}

export interface PoolCounts {
  total: number;
  idle: number;
  waiting: number;
}

/** BullMQ job counts by state. */
export type QueueCounts = Record<string, number>;

/** The job states /metrics reports; `prioritized` holds the fair queue's lower-priority orders. */
export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed'] as const;

/** From a millisecond to a day: market orders land in seconds, waiting ones may take hours. */
const ORDER_LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 86400];
let processRegistry: Registry | undefined;

/**
 * The process metrics, one registry per process: prom-client's default collectors (an event-loop
 * delay monitor, a GC observer) cannot be stopped, so an app built and closed many times in one
 * process (the e2e suites) shares them instead of adding a set each time.
 */
function processMetricsRegistry(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500];

/**
 * The engine's Prometheus metrics, in a registry of their own (one per application, so that tests
 * can build several in one process). Recording is a counter increment or a histogram observation;
 * what costs a round trip (queue depth) or reads another object (pool, sockets) is read only when
 * /metrics is scraped. See docs/observability.md for every metric.
 */
export class EngineMetrics {
  /** The engine's own metrics; the process metrics live in a registry shared by the process. */
  readonly registry = new Registry();
  readonly enabled: boolean;
  private readonly processMetrics: boolean;

  private readonly accepted: Counter<'type'>;
  private readonly terminal: Counter<'type' | 'status' | 'code'>;
  private readonly statusLatency: Histogram<'type' | 'status'>;
  private readonly routes: Counter<'kind'>;
  private readonly venues: Counter<'venue'>;
  private readonly retries: Counter<'cause'>;
  private readonly wsMessages: Counter<string>;
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly batches: Histogram<'group'>;

  private readonly types = new LabelValues(10);
  private readonly statuses = new LabelValues(20);
  private readonly codes = new LabelValues(50);
  private readonly kinds = new LabelValues(10);
  private readonly venueNames = new LabelValues(20);
  private readonly routesSeen = new LabelValues(100);
  private readonly groups = new LabelValues(30);

  private queueSource?: () => Promise<QueueCounts>;
  private poolSource?: () => PoolCounts | undefined;
  private wsSource?: () => number;

  constructor(options: EngineMetricsOptions) {
    this.enabled = options.enabled;
    this.processMetrics = options.enabled && (options.processMetrics ?? true);
    // When off, the metric objects exist but belong to no registry: nothing is exposed.
    const registers = options.enabled ? [this.registry] : [];
    this.accepted = new Counter({
      name: 'engine_orders_accepted_total',
      help: 'Orders accepted (stored and answered 202), by order type',
      labelNames: ['type'],
      registers,
    });
    this.terminal = new Counter({
      name: 'engine_orders_terminal_total',
      help: 'Orders that reached a terminal status, by type, status and error code (none unless failed)',
      labelNames: ['type', 'status', 'code'],
      registers,
    });
    this.statusLatency = new Histogram({
      name: 'engine_order_status_seconds',
      help: 'Time from an order\'s acceptance to each status it reaches, by type and status',
      labelNames: ['type', 'status'],
      buckets: ORDER_LATENCY_BUCKETS,
      registers,
    });
    this.routes = new Counter({
      name: 'engine_routes_chosen_total',
      help: 'Routes chosen for an attempt, by kind (single, split, two-hop, multi-hop)',
      labelNames: ['kind'],
      registers,
    });
    this.venues = new Counter({
      name: 'engine_route_venues_total',
      help: 'Venues in the routes chosen (a split or a path counts each venue it trades on once)',
      labelNames: ['venue'],
      registers,
    });
    this.retries = new Counter({
      name: 'engine_order_retries_total',
      help: 'Attempts that failed for a passing reason and will be tried again, by cause (error code)',
      labelNames: ['cause'],
      registers,
    });
    this.wsMessages = new Counter({
      name: 'engine_ws_messages_sent_total',
      help: 'Order event messages sent to WebSocket clients',
      registers,
    });
    this.http = new Histogram({
      name: 'engine_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status, with their duration (_count: requests)',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.batches = new Histogram({
      name: 'engine_group_commit_batch_size',
      help: 'Items per grouped statement or command (group commit), by group',
      labelNames: ['group'],
      buckets: BATCH_BUCKETS,
      registers,
    });
    if (!options.enabled) return;
    this.registerScrapeTimeGauges();
    if (this.processMetrics) processMetricsRegistry();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  async metrics(): Promise<string> {
    if (!this.processMetrics) return this.registry.metrics();
    const [own, processWide] = await Promise.all([this.registry.metrics(), processMetricsRegistry().metrics()]);
    return `${own}\n${processWide}`;
  }

  orderAccepted(type: string): void {
    if (!this.enabled) return;
    this.accepted.inc({ type: this.types.of(type) });
  }

  orderMoved(move: OrderMove): void {
    if (!this.enabled) return;
    const type = this.types.of(move.type);
    const status = this.statuses.of(move.status);
    const seconds = Math.max(0, (move.at.getTime() - move.acceptedAt.getTime()) / 1000);
    this.statusLatency.observe({ type, status }, seconds);
    if (move.terminal) this.terminal.inc({ type, status, code: move.code ? this.codes.of(move.code) : 'none' });
  }

  routeChosen(kind: string, venues: readonly string[]): void {
    if (!this.enabled) return;
    this.routes.inc({ kind: this.kinds.of(kind) });
    for (const venue of new Set(venues)) this.venues.inc({ venue: this.venueNames.of(venue) });
  }

  retry(cause: string): void {
    if (!this.enabled) return;
    this.retries.inc({ cause: this.codes.of(cause) });
  }

  wsMessageSent(): void {
    if (this.enabled) this.wsMessages.inc();
  }

  /** `route` is the route's pattern (`/api/orders/:id`), never the URL; undefined for an unrouted request. */
  httpRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    if (!this.enabled) return;
    const labels = {
      method: HTTP_METHODS.has(method) ? method : 'other',
      route: route ? this.routesSeen.of(route) : 'unmatched',
      status: String(status),
    };
    this.http.observe(labels, seconds);
  }

  groupCommitBatch(group: string | undefined, size: number): void {
    if (!this.enabled) return;
    this.batches.observe({ group: this.groups.of(group ?? 'unnamed') }, size);
  }

  /** Where the queue depth is read at scrape time; returns a function that stops reading it. */
  readQueueFrom(source: () => Promise<QueueCounts>): () => void {
    this.queueSource = source;
    return () => void (this.queueSource === source && (this.queueSource = undefined));
  }

  readPoolFrom(source: () => PoolCounts | undefined): () => void {
    this.poolSource = source;
    return () => void (this.poolSource === source && (this.poolSource = undefined));
  }

  readWebSocketConnectionsFrom(source: () => number): () => void {
    this.wsSource = source;
    return () => void (this.wsSource === source && (this.wsSource = undefined));
  }

  private registerScrapeTimeGauges(): void {
    const registers = [this.registry];
    const metrics = this;
    new Gauge({
      name: 'engine_queue_jobs',
      help: 'Jobs in the orders queue by state, read from Redis at scrape time',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        if (!metrics.queueSource) return;
        // An unreachable Redis leaves the gauge empty for this scrape rather than failing /metrics.
        const counts = await metrics.queueSource().catch(() => undefined);
        if (!counts) return;
        for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
    new Gauge({
      name: 'engine_pg_pool_connections',
      help: 'The Postgres pool of this process: total and idle connections, and callers waiting for one',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        const counts = metrics.poolSource?.();
        if (!counts) return;
        this.set({ state: 'total' }, counts.total);
        this.set({ state: 'idle' }, counts.idle);
        this.set({ state: 'waiting' }, counts.waiting);
      },
    });
    new Gauge({
      name: 'engine_ws_connections',
      help: 'WebSocket connections this process holds now',
      registers,
      collect() {
        this.set(metrics.wsSource?.() ?? 0);
      },
    });
  }
}

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
