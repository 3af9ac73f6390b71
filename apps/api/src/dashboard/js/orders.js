// The orders the page knows: their events (from the firehose, or replayed by an order's own
// socket), their stored view, the list, and the selected order's timeline and route decision.
import { api, socketUrl } from './api.js';
import { h, kv, showProblem, time } from './dom.js';

const TERMINAL = new Set(['confirmed', 'failed', 'cancelled', 'expired']);
const CANCELLABLE = new Set(['pending', 'waiting', 'routing', 'building']);
/** Orders kept in the page (the newest); the list shows the first LISTED. */
const KEPT = 500;
const LISTED = 50;

export class Orders {
  constructor(onFinished) {
    /** id → { id, view?, events: Map(seq → event), firstSeen } */
    this.byId = new Map();
    this.selected = undefined;
    this.replaying = undefined;
    this.onFinished = onFinished;
    this.renderQueued = false;
  }

  /** The newest orders already placed, as the listing has them (their events come on selection). */
  async loadRecent() {
    const page = await api('GET', '/api/orders?limit=20', undefined, 'Loading the orders');
    for (const view of page.items.reverse()) this.entry(view.id).view = view;
    this.render();
  }

  /** One event of the firehose or of an order's own socket; each seq once. */
  onEvent(event) {
    if (typeof event.orderId !== 'string' || !Number.isInteger(event.seq)) return;
    const order = this.entry(event.orderId);
    if (order.events.has(event.seq)) return;
    order.events.set(event.seq, event);
    if (order.view) order.view.status = latest(order).status;
    else this.fetchView(order);
    if (TERMINAL.has(event.status)) this.onFinished(order, event);
    this.queueRender();
  }

  entry(id) {
    let order = this.byId.get(id);
    if (!order) {
      order = { id, events: new Map(), firstSeen: Date.now() };
      this.byId.set(id, order);
      if (this.byId.size > KEPT) this.byId.delete(this.byId.keys().next().value);
    }
    return order;
  }

  async fetchView(order) {
    if (order.fetching) return;
    order.fetching = true;
    try {
      order.view = await api('GET', `/api/orders/${order.id}`, undefined, 'Reading an order');
      this.queueRender();
    } catch (err) {
      showProblem(err.message);
    }
  }

  select(id) {
    this.selected = id;
    const order = this.byId.get(id);
    // Without its first event the page joined late: the order's own socket replays its history.
    if (order && !order.events.has(1)) this.replay(order).catch((err) => showProblem(err.message));
    if (order && !order.view) this.fetchView(order);
    this.render();
  }

  async replay(order) {
    if (this.replaying) this.replaying.close();
    const ws = new WebSocket(await socketUrl(`/ws/orders/${order.id}`));
    this.replaying = ws;
    ws.onmessage = (m) => {
      const data = JSON.parse(m.data);
      if (data.error) showProblem(`The order's stream: ${data.error} (${data.code})`);
      else this.onEvent(data);
    };
  }

  async cancel(id) {
    try {
      const view = await api('POST', `/api/orders/${id}/cancel`, {}, 'Cancelling the order');
      this.entry(id).view = view;
      showProblem('');
      this.render();
    } catch (err) {
      showProblem(err.message);
    }
  }

  queueRender() {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  render() {
    const orders = [...this.byId.values()].reverse().slice(0, LISTED);
    document.getElementById('no-orders').hidden = orders.length > 0;
    document.getElementById('orders').replaceChildren(...orders.map((o) => this.row(o)));
    this.renderDetail();
  }

  row(order) {
    const v = order.view;
    const status = order.events.size > 0 ? latest(order).status : v?.status ?? '…';
    const latency = latencyMs(order);
    return h(
      'tr',
      {
        class: `order${order.id === this.selected ? ' selected' : ''}`,
        'data-order': order.id,
        onclick: () => this.select(order.id),
      },
      h('td', {}, v?.number ?? ''),
      h('td', {}, v?.type ?? ''),
      h('td', {}, v ? `${v.tokenIn} → ${v.tokenOut}` : ''),
      h('td', {}, v?.amountIn ?? ''),
      h('td', {}, h('span', { class: `status ${status}`, 'data-status': status }, status)),
      h('td', {}, latency === undefined ? '' : `${latency} ms`),
      h('td', {}, CANCELLABLE.has(status) ? this.cancelButton(order.id) : ''),
    );
  }

  cancelButton(id) {
    const onclick = (e) => {
      e.stopPropagation();
      this.cancel(id);
    };
    return h('button', { class: 'small', type: 'button', onclick }, 'cancel');
  }

  renderDetail() {
    const box = document.getElementById('detail');
    const order = this.selected && this.byId.get(this.selected);
    document.getElementById('detail-id').textContent = order ? order.id : 'select an order';
    if (!order) return;
    box.classList.remove('muted');
    const events = [...order.events.values()].sort((a, b) => a.seq - b.seq);
    const start = events[0] ? Date.parse(events[0].at) : undefined;
    const timeline = h(
      'ol',
      { class: 'timeline', id: 'timeline' },
      events.map((e) =>
        h(
          'li',
          { 'data-status': e.status },
          h('span', { class: `status ${e.status}` }, e.status),
          h('span', { class: 't' }, time(e.at)),
          h('span', { class: 't' }, start === undefined ? '' : `+${Date.parse(e.at) - start} ms`),
          h('span', {}, summary(e)),
        ),
      ),
    );
    const routing = [...events].reverse().find((e) => e.status === 'routing');
    const route = routing ? routeDecision(routing) : h('p', { class: 'muted' }, 'No route decided yet.');
    box.replaceChildren(timeline, orderFacts(order.view), route);
  }
}

function latest(order) {
  let last;
  for (const e of order.events.values()) if (!last || e.seq > last.seq) last = e;
  return last;
}

/** Submit (the pending event) to confirmed, in ms; undefined until both are known. */
export function latencyMs(order) {
  const first = order.events.get(1);
  const done = [...order.events.values()].find((e) => e.status === 'confirmed');
  return first && done ? Date.parse(done.at) - Date.parse(first.at) : undefined;
}

function summary(e) {
  switch (e.status) {
    case 'routing': {
      const retry = e.retryOf ? ` · retry after ${e.retryOf.code}` : '';
      return `${e.route ?? e.venue ?? ''} (${e.kind ?? ''}) → ${e.outAmount ?? ''}${retry}`;
    }
    case 'building': return `min out ${e.minAmountOut ?? ''} · fee ${e.feeLamports ?? ''} lamports`;
    case 'submitted': return `tx ${String(e.txHash ?? '').slice(0, 16)}… slot ${e.slot ?? ''}`;
    case 'confirmed': return `out ${e.amountOut} at ${e.price} · slippage ${e.realizedSlippageBps} bps`;
    case 'failed': return `${e.code}: ${e.error}`;
    case 'waiting':
      if (e.triggerPrice) return `trigger ${e.triggerPrice}, market ${e.currentPrice ?? '?'}`;
      return e.launch ? `launch ${e.launch.symbol}` : '';
    case 'cancelled': return e.reason ?? '';
    case 'expired': return `expired at ${e.expiresAt ?? ''}`;
    default: return '';
  }
}

function orderFacts(v) {
  if (!v) return h('p', { class: 'muted' }, 'Loading the order…');
  return kv([
    ['order', `#${v.number} ${v.type} ${v.amountIn} ${v.tokenIn} → ${v.tokenOut}`],
    ['slippage', `${v.slippage}`],
    ['trigger price', v.triggerPrice],
    ['max price', v.maxPrice],
    ['expires at', v.expiresAt],
    ['venue', v.venue],
    ['min amount out', v.minAmountOut],
    ['amount out', v.amountOut],
    ['tx', v.txHash],
    ['error', v.error ? `${v.errorCode}: ${v.error}` : undefined],
  ]);
}

/** The routing event's decision: the winner's legs with their shares and hops, why it won, the others. */
function routeDecision(e) {
  const legs = (e.routePlan ?? []).map((leg) =>
    h('tr', {}, h('td', {}, leg.venue), h('td', {}, leg.poolId), h('td', {}, `${leg.tokenIn} → ${leg.tokenOut}`),
      h('td', {}, leg.inAmount), h('td', {}, leg.outAmount),
      h('td', {}, leg.shareBps === undefined ? '' : `${leg.shareBps / 100}%`)),
  );
  const candidates = (e.candidates ?? []).map((c) =>
    h('tr', {}, h('td', {}, c.route), h('td', {}, c.kind), h('td', {}, c.hops),
      h('td', {}, c.error ? `✗ ${c.error}` : c.outAmount ?? '')),
  );
  return h(
    'div',
    { class: 'route', id: 'route' },
    h('h3', {}, 'Route decision'),
    kv([
      ['route', `${e.route ?? e.venue} (${e.kind}, ${e.hops} hop${e.hops === 1 ? '' : 's'})`],
      ['why it won', e.reason],
      ['gain', e.gainBps === null || e.gainBps === undefined ? undefined : `${e.gainBps} bps over the next best`],
      ['quoted out', e.outAmount],
      ['price impact', e.priceImpactBps === undefined ? undefined : `${e.priceImpactBps} bps`],
    ]),
    table('legs', ['venue', 'pool', 'hop', 'in', 'out', 'share'], legs),
    candidates.length > 0
      ? table('candidates', ['candidate', 'kind', 'hops', 'out'], candidates)
      : '',
  );
}

function table(className, headings, rows) {
  const head = h('thead', {}, h('tr', {}, headings.map((t) => h('th', {}, t))));
  return h('table', { class: className }, head, h('tbody', {}, rows));
}
