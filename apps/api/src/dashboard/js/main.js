// Wires the page: the key, the account's firehose (with reconnects), the orders, the charts, the form.
import { currentKey, setKey, socketUrl } from './api.js';
import { showProblem } from './dom.js';
import { LatencyChart, PriceChart, ThroughputChart } from './charts.js';
import { setUpForm } from './form.js';
import { Orders } from './orders.js';

const RECONNECT_MS = 2000;
const PRICE_REFRESH_MS = 5000;

let firehose;
let reconnectTimer;

function setLive(on, text) {
  const badge = document.getElementById('live');
  badge.className = `live ${on ? 'on' : 'off'}`;
  badge.textContent = text;
}

/** Opens WS /ws/orders (with a ticket when a key is set); reconnects after a drop, not after a refusal of the key. */
async function connect(orders, throughput) {
  clearTimeout(reconnectTimer);
  if (firehose) {
    firehose.onclose = null;
    firehose.close();
  }
  let url;
  try {
    url = await socketUrl('/ws/orders');
  } catch (err) {
    setLive(false, 'not connected');
    showProblem(err.message);
    if (err.status !== 401) reconnectTimer = setTimeout(() => connect(orders, throughput), RECONNECT_MS);
    return;
  }
  const ws = new WebSocket(url);
  firehose = ws;
  ws.onmessage = (m) => {
    const data = JSON.parse(m.data);
    if (data.subscribed) return setLive(true, `live · account ${data.account}`);
    throughput.onEvent(data);
    orders.onEvent(data);
  };
  ws.onclose = (e) => {
    if (firehose !== ws) return;
    setLive(false, `disconnected (${e.code}); reconnecting…`);
    reconnectTimer = setTimeout(() => connect(orders, throughput), RECONNECT_MS);
  };
}

async function start() {
  const throughput = new ThroughputChart(document.getElementById('throughput-chart'));
  const latency = new LatencyChart(document.getElementById('latency-chart'));
  const orders = new Orders((order, event) => latency.onFinished(order, event));
  const byId = (id) => document.getElementById(id);
  const prices = new PriceChart(byId('price-chart'), byId('pair'), byId('minutes'), (err) => showProblem(err.message));
  setUpForm(document.getElementById('order-form'), document.getElementById('quote-result'), orders);

  const keyInput = document.getElementById('key');
  keyInput.value = currentKey();
  // The first read tells whether the key is accepted: without one the firehose is not tried.
  const reload = async () => {
    showProblem('');
    orders.byId.clear();
    orders.selected = undefined;
    orders.render();
    try {
      await orders.loadRecent();
    } catch (err) {
      setLive(false, 'not connected');
      if (firehose) firehose.onclose = null;
      firehose?.close();
      clearTimeout(reconnectTimer);
      return showProblem(err.message);
    }
    await connect(orders, throughput);
    try {
      await prices.loadPairs();
      await prices.refresh();
    } catch (err) {
      showProblem(err.message);
    }
  };
  document.getElementById('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    setKey(keyInput.value.trim());
    reload();
  });
  document.getElementById('forget-key').addEventListener('click', () => {
    keyInput.value = '';
    setKey('');
    reload();
  });

  setInterval(() => prices.refresh(), PRICE_REFRESH_MS);
  setInterval(() => {
    throughput.redraw();
    latency.redraw();
  }, 1000);
  await reload();
}

addEventListener('DOMContentLoaded', () => {
  start().catch((err) => showProblem(`The dashboard could not start: ${err.message}`));
});
