#!/usr/bin/env node
/**
 * Submits N orders to a running engine and follows each one over its WebSocket until it is final.
 * Plain Node (18 or later) and the `ws` package the engine already installs: no build step.
 *
 *   npm start                                  # in another terminal
 *   node examples/websocket-client.js 5        # or: npm run example -- 5
 *
 * ENGINE_URL=http://host:port targets another engine; API_KEY=<key> authenticates (needed when
 * the engine runs with AUTH_MODE=required). Exit code 0 when every order reached a final status
 * (confirmed, failed, cancelled or expired); 1 on any transport or protocol error.
 */
'use strict';

const WebSocket = require('ws');

const ENGINE_URL = process.env.ENGINE_URL || 'http://127.0.0.1:3000';
const API_KEY = process.env.API_KEY;
const MAX_ORDERS = 100;
// A dropped transaction is only known lost when its blockhash expires (150 slots, 60 s), and an order
// may retry twice, so a slow but healthy order can take about three minutes.
const DEADLINE_MS = 240_000;

// Varied sizes and directions so the router picks different venues and the output is worth reading.
const MIX = [
  { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1.5' },
  { tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '250', slippage: 0.02 },
  { tokenIn: 'USDC', tokenOut: 'USDT', amountIn: '1000', slippage: 0.005 },
  { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '40' },
  { tokenIn: 'BONK', tokenOut: 'USDT', amountIn: '1000000' },
];

const TERMINAL = new Set(['confirmed', 'failed', 'cancelled', 'expired']);
// Order ids are UUIDv7: the leading timestamp is shared by orders sent together, the tail is random.
const short = (id) => id.slice(-8);
const authHeaders = API_KEY ? { authorization: `Bearer ${API_KEY}` } : {};

function parseCount(arg) {
  if (arg === undefined) return 1;
  const n = Number(arg);
  if (!/^\d+$/.test(arg) || n < 1 || n > MAX_ORDERS) {
    throw new Error(`the order count must be an integer from 1 to ${MAX_ORDERS}, got "${arg}"`);
  }
  return n;
}

function detail(e) {
  switch (e.status) {
    case 'routing':
      return `venue=${e.venue} reason=${e.reason}`;
    case 'building':
      return `minAmountOut=${e.minAmountOut}`;
    case 'submitted':
      return `tx=${e.txHash}`;
    case 'confirmed':
      return `amountOut=${e.amountOut} price=${e.price}`;
    case 'waiting':
      return `trigger=${e.triggerPrice} now=${e.currentPrice}`;
    case 'failed':
      return `code=${e.code} error=${e.error}`;
    default:
      return '';
  }
}

async function submit(order) {
  let res;
  try {
    res = await fetch(new URL('/api/orders/execute', ENGINE_URL), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders },
      body: JSON.stringify(order),
    });
  } catch (err) {
    // fetch hides ECONNREFUSED and friends behind a generic "fetch failed"; the cause says why.
    const cause = (err.cause && err.cause.message) || err.message;
    throw new Error(`engine unreachable at ${ENGINE_URL} (${cause}); start it with \`npm start\``);
  }
  const body = await res.json().catch(() => null);
  if (res.status !== 202 || !body || !body.orderId || !body.wsUrl) {
    throw new Error(`POST /api/orders/execute answered ${res.status}: ${JSON.stringify(body)}`);
  }
  // The engine returns a path; resolve it against the HTTP base so a custom ENGINE_URL just works.
  const wsUrl = new URL(body.wsUrl, ENGINE_URL);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  return { orderId: body.orderId, wsUrl: wsUrl.href };
}

function follow(orderId, url, submittedAt, open) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: authHeaders });
    open.set(ws, `${short(orderId)} (no event yet)`);
    let outcome;
    ws.on('message', (data) => {
      let e;
      try {
        e = JSON.parse(data.toString());
      } catch {
        return reject(new Error(`order ${short(orderId)}: not JSON: ${data.toString().slice(0, 80)}`));
      }
      if (typeof e.seq !== 'number') return reject(new Error(`order ${orderId}: ${e.code} ${e.error}`));
      open.set(ws, `${short(orderId)} (${e.status}, try ${e.attempt})`);
      console.log(`${short(orderId)}  #${e.seq}  ${e.status.padEnd(9)}  try ${e.attempt}  ${detail(e)}`);
      if (TERMINAL.has(e.status)) outcome = { id: orderId, status: e.status, elapsedMs: Date.now() - submittedAt };
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`socket of ${short(orderId)} refused with HTTP ${res.statusCode}`)));
    ws.on('error', (err) => reject(new Error(`socket of ${short(orderId)} failed: ${err.message}`)));
    ws.on('close', (code, reason) => {
      open.delete(ws);
      if (outcome) return resolve(outcome);
      const why = reason.length > 0 ? `${code}, ${reason}` : `${code}`;
      reject(new Error(`socket of ${short(orderId)} closed (code ${why}) before a final event`));
    });
  });
}

async function main() {
  const count = parseCount(process.argv[2]);
  const open = new Map(); // socket -> where its order was last seen
  console.log(`submitting ${count} order(s) to ${ENGINE_URL}`);

  // Each order is followed as soon as its 202 arrives, so early events are seen live, not replayed.
  const runs = Array.from({ length: count }, async (_, i) => {
    const order = MIX[i % MIX.length];
    const submittedAt = Date.now();
    const { orderId, wsUrl } = await submit(order);
    console.log(`${short(orderId)}  sent ${order.amountIn} ${order.tokenIn} -> ${order.tokenOut}`);
    return follow(orderId, wsUrl, submittedAt, open);
  });

  let timer;
  const deadline = new Promise((_, reject) => {
    const late = () => new Error(`not final after ${DEADLINE_MS / 1000} s: ${[...open.values()].join(', ')}`);
    timer = setTimeout(() => reject(late()), DEADLINE_MS);
  });
  try {
    const outcomes = await Promise.race([Promise.all(runs), deadline]);
    const confirmed = outcomes.filter((o) => o.status === 'confirmed').length;
    console.log(`\n${outcomes.length} order(s) final: ${confirmed} confirmed, ${outcomes.length - confirmed} not`);
    for (const o of outcomes) console.log(`  ${short(o.id)}  ${o.status.padEnd(9)}  ${o.elapsedMs} ms`);
  } finally {
    clearTimeout(timer);
    // Other orders may still be streaming when one fails; they must not keep the process alive.
    for (const ws of open.keys()) ws.terminate();
  }
}

main().catch((err) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
