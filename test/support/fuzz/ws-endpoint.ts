import { exchange, FrameSpec, frame, Outcome, requestBytes, sendThenReset, textMessages } from '../raw-ws';
import { describeScript, FrameScript, scriptChunks } from './ws-frames';
import { describeUpgrade, EdgeFacts, expectedUpgrade, UpgradeCase, UpgradeExpectation } from './ws-upgrades';

/**
 * The WebSocket edge of one running engine, for the fuzz suite: sends each generated case over raw
 * TCP and checks that it ended with a documented outcome, throwing (with the case and what came
 * back) if not. It tallies the outcomes, so the suite can show what it exercised.
 */

/** Refusals the engine writes itself carry a JSON body with these codes. */
const OWN_REFUSALS: Record<number, string> = { 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 414: 'URI_TOO_LONG', 500: 'INTERNAL_ERROR', 503: 'TOO_MANY_CONNECTIONS' };

function describeOutcome(o: Outcome): string {
  const messages = textMessages(o).slice(0, 3);
  return `status ${o.status}, close ${o.closeCode}, ended ${o.ended}, headers ${JSON.stringify(o.headers)}, body ${JSON.stringify(o.body.slice(0, 200))}, messages ${JSON.stringify(messages)}${o.garbage ? `, garbage ${o.garbage}` : ''}`;
}

export class WsEdge {
  /** Cases sent, and how each ended (e.g. "HTTP 414", "close 1002"). */
  cases = 0;
  readonly tally = new Map<string, number>();

  constructor(
    private readonly port: number,
    private readonly facts: EdgeFacts,
  ) {}

  private count(key: string): void {
    this.cases++;
    this.tally.set(key, (this.tally.get(key) ?? 0) + 1);
  }

  private fail(what: string, why: string, outcome?: Outcome): never {
    throw new Error(`${why}\n  sent: ${what}${outcome ? `\n  got: ${describeOutcome(outcome)}` : ''}`);
  }

  /** Sends one upgrade request and checks the answer against the oracle. */
  async upgrade(c: UpgradeCase): Promise<void> {
    const request = { method: c.method, target: c.target, headers: c.headers };
    if (c.reset) {
      await sendThenReset(this.port, requestBytes(request, `127.0.0.1:${this.port}`));
      return this.count('reset by the client');
    }
    const expected = expectedUpgrade(c, this.facts);
    const outcome = await exchange(this.port, request, { closeWith: 1000, settleOnCloseFrame: true, afterFirstMessage: true });
    this.check(describeUpgrade(c), expected, outcome);
  }

  private check(what: string, expected: UpgradeExpectation, o: Outcome): void {
    if (expected.kind === 'either') {
      const errors: string[] = [];
      for (const option of expected.options) {
        try {
          return this.check(what, option, o);
        } catch (err) {
          errors.push((err as Error).message.split('\n')[0]);
        }
      }
      this.fail(what, `none of the allowed answers: ${errors.join('; ')}`, o);
    }
    const fail = (why: string): never => this.fail(what, `${why} (expected ${JSON.stringify(expected)})`, o);
    if (o.ended === 'timeout') fail('no answer within the deadline');
    if (o.garbage) fail('a malformed answer');
    if (o.status === undefined) fail('the connection ended without an HTTP answer');
    const status = o.status!;
    if (expected.kind === 'http') {
      if (status === 101 || status >= 500) fail(`HTTP ${status} to a plain HTTP request`);
      return this.count(`plain HTTP ${status}`);
    }
    if (expected.kind === 'refused') {
      if (!expected.statuses.includes(status)) fail(`HTTP ${status}`);
      if (OWN_REFUSALS[status] && status !== 405) {
        let body: { statusCode?: unknown; code?: unknown } = {};
        try {
          body = JSON.parse(o.body);
        } catch {
          fail('a refusal without a JSON body');
        }
        if (body.statusCode !== status || body.code !== OWN_REFUSALS[status]) fail('a refusal body without its statusCode and code');
      }
      // The engine's refusals (and ws's) say Connection: close and end TCP; the parser's come from Fastify.
      if (o.ended !== 'end' && !(expected.byParser || status === 431)) fail('the server did not close the refused connection');
      return this.count(`HTTP ${status}`);
    }
    if (status !== 101) fail(`HTTP ${status} instead of an upgrade`);
    const [first] = textMessages(o) as Array<Record<string, unknown> | undefined>;
    const opening = expected.opening;
    if (opening === 'badId' && (o.closeCode !== 4400 || first?.code !== 'INVALID_ORDER_ID')) fail('not refused with 4400 INVALID_ORDER_ID');
    if (opening === 'notFound' && (o.closeCode !== 4404 || first?.code !== 'ORDER_NOT_FOUND')) fail('not refused with 4404 ORDER_NOT_FOUND');
    if (opening === 'firehose') {
      if (first?.subscribed !== 'orders') fail('the firehose did not open with its subscribed message');
      if (o.closeCode !== 1000) fail('our close (1000) was not echoed');
    }
    if (opening === 'stream') {
      if (first?.seq !== 1 || first?.status !== 'pending' || !this.facts.orderIds.includes(String(first?.orderId))) fail('the stream did not start with the order\'s first event');
      if (o.closeCode !== 1000) fail('our close (1000) was not echoed');
    }
    this.count(`close ${o.closeCode}`);
  }

  /** Runs one frame script on the stream of `orderId`. */
  async frames(orderId: string, script: FrameScript): Promise<void> {
    const outcome = await exchange(
      this.port,
      { target: `/ws/orders/${orderId}` },
      { chunks: scriptChunks(script), halfClose: script.halfClose, settleOnCloseFrame: true },
    );
    const fail = (why: string): never => this.fail(describeScript(script), why, outcome);
    if (outcome.status !== 101) fail('not upgraded');
    if (outcome.garbage) fail('a malformed frame from the server');
    if (script.expect === 'ended') {
      if (outcome.closeCode !== undefined || outcome.ended !== 'end') fail('the server did not just end the connection after the client did');
      return this.count('ended after the client');
    }
    if (outcome.closeCode !== script.expect) fail(`close ${outcome.closeCode} instead of ${script.expect}`);
    this.count(script.echo ? "close: the client's own code echoed" : `close ${outcome.closeCode}`);
  }

  /**
   * Floods the stream of `orderId` with `frames` (as one write), reading or not (`readAfterMs`).
   * A reading client must get 4429; one that does not read may instead find itself cut (by ws, once
   * too many pongs wait unsent, or by the heartbeat) or closed with 4408.
   */
  async flood(orderId: string, label: string, frames: FrameSpec[], readAfterMs?: number): Promise<void> {
    const outcome = await exchange(
      this.port,
      { target: `/ws/orders/${orderId}` },
      { chunks: [Buffer.concat(frames.map(frame))], readAfterMs, settleOnCloseFrame: true },
    );
    const what = `${label}${readAfterMs === undefined ? '' : `, not reading for ${readAfterMs} ms`}`;
    if (outcome.status !== 101) this.fail(what, 'not upgraded', outcome);
    const cut = outcome.closeCode === undefined && (outcome.ended === 'end' || outcome.ended === 'reset');
    const ok = outcome.closeCode === 4429 || (readAfterMs !== undefined && (cut || outcome.closeCode === 4408));
    if (!ok) this.fail(what, 'a flood was not stopped with 4429', outcome);
    const pongs = outcome.frames.filter((f) => f.opcode === 0xa).length;
    if (pongs > 101) this.fail(what, `${pongs} pongs: more than the burst allows`, outcome);
    this.count(cut ? 'cut (flood, not reading)' : `close ${outcome.closeCode}`);
  }

  /** A client that reads nothing for `readAfterMs` (several heartbeats): the heartbeat must cut it. */
  async silent(orderId: string, readAfterMs: number): Promise<void> {
    const outcome = await exchange(this.port, { target: `/ws/orders/${orderId}` }, { readAfterMs }, { deadlineMs: readAfterMs + 3_000 });
    const what = `a client reading nothing for ${readAfterMs} ms`;
    if (outcome.status !== 101) this.fail(what, 'not upgraded', outcome);
    if (outcome.closeCode !== undefined || (outcome.ended !== 'end' && outcome.ended !== 'reset')) this.fail(what, 'not cut by the heartbeat', outcome);
    this.count('cut by the heartbeat');
  }

  summary(): string {
    return [...this.tally].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join(', ');
  }
}
