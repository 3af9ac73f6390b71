// The page's charts (uPlot, served from the engine): market prices per venue, and throughput and
// latency computed from the orders seen on the firehose.
import { api } from './api.js';
import { latencyMs } from './orders.js';

const COLORS = ['#58a6ff', '#f0883e', '#3fb950', '#d2a8ff', '#ff7b72'];
const AXIS = { stroke: '#8b949e', grid: { stroke: '#30363d', width: 1 }, ticks: { stroke: '#30363d' } };
/** Throughput buckets: 5 s each over the last 5 minutes. */
const BUCKET_S = 5;
const BUCKETS = 60;
/** Latency points: the last 300 confirmed orders. */
const LATENCY_POINTS = 300;

function chartWidth(el) {
  return Math.max(280, el.clientWidth - 4);
}

function makeChart(el, series, data, yLabel, extra = {}) {
  el.replaceChildren();
  const chart = new uPlot(
    {
      width: chartWidth(el),
      height: 220,
      series: [{}, ...series],
      axes: [AXIS, { ...AXIS, label: yLabel, size: 70 }],
      legend: { live: true },
      ...extra,
    },
    data,
    el,
  );
  addEventListener('resize', () => chart.setSize({ width: chartWidth(el), height: 220 }));
  return chart;
}

export class PriceChart {
  constructor(el, pairSelect, minutesSelect, onError) {
    this.el = el;
    this.pairSelect = pairSelect;
    this.minutesSelect = minutesSelect;
    this.onError = onError;
    this.chart = undefined;
    this.shape = '';
    pairSelect.addEventListener('change', () => this.refresh());
    minutesSelect.addEventListener('change', () => this.refresh());
  }

  async loadPairs() {
    const { pairs } = await api('GET', '/api/market/pairs', undefined, 'Loading the market pairs');
    this.pairSelect.replaceChildren(...pairs.map((p) => new Option(p.pair, p.pair)));
  }

  async refresh() {
    const pair = this.pairSelect.value;
    if (!pair) return;
    try {
      const query = `pair=${encodeURIComponent(pair)}&minutes=${this.minutesSelect.value}&points=180`;
      const history = await api('GET', `/api/market/prices?${query}`, undefined, 'Loading the price history');
      const data = [history.times.map((t) => Date.parse(t) / 1000), ...history.series.map((s) => s.prices.map(Number))];
      const shape = `${pair}|${history.series.map((s) => s.poolId).join(',')}`;
      if (this.chart && shape === this.shape) {
        this.chart.setData(data);
      } else {
        this.shape = shape;
        const series = history.series.map((s, i) => ({
          label: `${s.venue} (${s.poolId})`,
          stroke: COLORS[i % COLORS.length],
          width: 1.5,
        }));
        this.chart = makeChart(this.el, series, data, `${history.quote} per ${history.base}`);
      }
    } catch (err) {
      this.onError(err);
    }
  }
}

/** Orders placed and finished per second, in 5 s buckets, from the firehose's pending and terminal events. */
export class ThroughputChart {
  constructor(el) {
    this.placed = new Map();
    this.confirmed = new Map();
    this.failed = new Map();
    this.chart = makeChart(
      el,
      [
        { label: 'placed/s', stroke: COLORS[0], width: 1.5 },
        { label: 'confirmed/s', stroke: COLORS[2], width: 1.5 },
        { label: 'failed/s', stroke: '#f85149', width: 1.5 },
      ],
      this.data(),
      'orders/s',
    );
  }

  onEvent(event) {
    const map =
      event.seq === 1 ? this.placed :
      event.status === 'confirmed' ? this.confirmed :
      ['failed', 'expired'].includes(event.status) ? this.failed : undefined;
    if (!map) return;
    const bucket = Math.floor(Date.parse(event.at) / 1000 / BUCKET_S) * BUCKET_S;
    map.set(bucket, (map.get(bucket) ?? 0) + 1);
  }

  data() {
    const last = Math.floor(Date.now() / 1000 / BUCKET_S) * BUCKET_S;
    const xs = Array.from({ length: BUCKETS }, (_, i) => last - (BUCKETS - 1 - i) * BUCKET_S);
    for (const map of [this.placed, this.confirmed, this.failed]) {
      for (const k of map.keys()) if (k < xs[0]) map.delete(k);
    }
    const rate = (map) => xs.map((x) => (map.get(x) ?? 0) / BUCKET_S);
    return [xs, rate(this.placed), rate(this.confirmed), rate(this.failed)];
  }

  redraw() {
    this.chart.setData(this.data());
  }
}

/** Each confirmed order's latency from submission (its pending event) to confirmation. */
export class LatencyChart {
  constructor(el) {
    this.points = [];
    this.chart = makeChart(
      el,
      [{
        label: 'submit → confirmed (ms)',
        stroke: COLORS[1],
        width: 0,
        points: { show: true, size: 5, fill: COLORS[1] },
      }],
      [[], []],
      'ms',
      // The last five minutes, like the throughput chart, however few points there are.
      { scales: { x: { time: true, range: () => [Date.now() / 1000 - BUCKET_S * BUCKETS, Date.now() / 1000] } } },
    );
  }

  onFinished(order, event) {
    const ms = latencyMs(order);
    if (ms === undefined) return;
    this.points.push([Date.parse(event.at) / 1000, ms]);
    this.points.sort((a, b) => a[0] - b[0]);
    if (this.points.length > LATENCY_POINTS) this.points.shift();
  }

  redraw() {
    this.chart.setData([this.points.map((p) => p[0]), this.points.map((p) => p[1])]);
  }
}
