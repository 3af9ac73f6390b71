/**
 * The client side of one order: submit it over keep-alive HTTP, follow it over its WebSocket.
 * Plain node:http rather than fetch: at thousands of requests a second fetch's per-call overhead
 * is client CPU that would otherwise be charged to the engine.
 */
import http from 'node:http';
import WebSocket from 'ws';

export const STATUSES = ['pending', 'routing', 'building', 'submitted', 'confirmed', 'failed'] as const;
export type Status = (typeof STATUSES)[number];
const TERMINAL = new Set<string>(['confirmed', 'failed']);
const REQUEST_TIMEOUT_MS = 30_000;
const WS_RETRIES = 3;

/** One order as the bench saw it; times are ms after the client started the POST. */
export interface OrderTrack {
  id: string;
  api: number;
  submitWall: number;
  followed: boolean;
  at: Partial<Record<Status, number>>;
  terminal: 'confirmed' | 'failed' | null;
  terminalWall: number | null;
  /** ms after the POST when the WebSocket first opened: a slow upgrade delays everything after it. */
  wsOpenMs: number | null;
  /**
   * ms from the terminal event's server time to its arrival here, for live events only (an event
   * replayed on connect measures the connect, not the delivery).
   */
  deliveryLagMs: number | null;
}

const agents = new Map<string, http.Agent>();
/** The key every request and WebSocket upgrade presents, when the run authenticates (--auth). */
let keyHeaders: Record<string, string> = {};

export function useApiKey(key: string): void {
  keyHeaders = { 'x-api-key': key };
}
const sockets = new Set<WebSocket>();

/** Ends the sockets of orders still open at the deadline (the lost ones) so the client can exit. */
let stopped = false;
export function closeSockets(): void {
  stopped = true;
  sockets.forEach((ws) => ws.terminate());
  sockets.clear();
}

function agentFor(baseUrl: string, maxSockets: number): http.Agent {
  let agent = agents.get(baseUrl);
  if (!agent) agents.set(baseUrl, (agent = new http.Agent({ keepAlive: true, maxSockets })));
  return agent;
}

export function closeAgents(): void {
  agents.forEach((a) => a.destroy());
  agents.clear();
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One request; rejects on transport errors and after REQUEST_TIMEOUT_MS. */
export function request(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  maxSockets: number,
  extraHeaders: Record<string, string> = {},
): Promise<HttpAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}${path}`,
      {
        method,
        agent: agentFor(baseUrl, maxSockets),
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          ...keyHeaders,
          ...extraHeaders,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

interface EventMessage {
  seq?: number;
  status?: string;
  at?: string;
}

/**
 * Follows one order until its terminal event. Latency per status uses the event's own `at` (the
 * server's time of the transition, same clock as ours): events replayed on connect would otherwise
 * look as late as the connect. Reconnects a few times on an abnormal close; the server replays.
 */
export function follow(wsBase: string, track: OrderTrack, onOpen: (delta: 1 | -1) => void, onTerminal: () => void): void {
  let tries = 0;
  let openWall: number | undefined; // of the current connection: a reconnect replays again
  const connect = () => {
    tries++;
    const ws = new WebSocket(`${wsBase}/ws/orders/${track.id}`, { perMessageDeflate: false, headers: keyHeaders });
    sockets.add(ws);
    let opened = false;
    ws.on('open', () => {
      opened = true;
      openWall = Date.now();
      track.wsOpenMs ??= openWall - track.submitWall;
      onOpen(1);
    });
    ws.on('message', (data) => {
      let msg: EventMessage;
      try {
        msg = JSON.parse(data.toString()) as EventMessage;
      } catch {
        return;
      }
      if (!msg.status || !msg.at || msg.status === 'pending') return;
      const status = msg.status as Status;
      const atWall = Date.parse(msg.at);
      // A retry repeats routing/building/submitted: keep the first, the latency to first reach it.
      if (track.at[status] === undefined) track.at[status] = atWall - track.submitWall;
      if (TERMINAL.has(status) && track.terminal === null) {
        track.terminal = status as 'confirmed' | 'failed';
        track.terminalWall = atWall;
        if (openWall !== undefined && atWall >= openWall) track.deliveryLagMs = Date.now() - atWall;
        onTerminal();
      }
    });
    ws.on('error', () => undefined); // 'close' follows and decides
    ws.on('close', () => {
      sockets.delete(ws);
      if (opened) onOpen(-1);
      if (track.terminal === null && tries <= WS_RETRIES && !stopped) setTimeout(connect, 250 * tries);
    });
  };
  connect();
}
