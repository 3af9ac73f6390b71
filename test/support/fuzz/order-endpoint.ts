/**
 * HTTP for the fuzz suite, and the checks every rejected request must pass: a 400, 413 or 415 with
 * a coded JSON error body whose statusCode matches, and no internals (paths, stack frames, error
 * class names) that the request did not contain itself.
 */

export interface Sent {
  body?: Buffer;
  contentType?: string;
}

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

const ALLOWED_STATUS = new Set([400, 413, 415]);

const LEAKS = [/\/work\//g, /node_modules/g, /(?:^|\n|\\n)\s*at \S+/g, /\.[jt]s:\d+:\d+/g, /\bRangeError\b|\bTypeError\b/g];

export const json = (body: string): Sent => ({ body: Buffer.from(body, 'utf8'), contentType: 'application/json' });

function describeSent(sent: Sent): string {
  const text = sent.body?.toString('utf8') ?? '<no body>';
  const shown = text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
  return `content-type ${JSON.stringify(sent.contentType)}, body ${JSON.stringify(shown)}`;
}

/** POST /api/orders/execute of one running engine, counting the requests sent. */
export class OrderEndpoint {
  requestsSent = 0;

  constructor(private readonly baseUrl: string) {}

  /** fetch (keep-alive) rather than supertest: one connection for thousands of requests. */
  async post({ body, contentType }: Sent): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (contentType !== undefined) headers['content-type'] = contentType;
    this.requestsSent++;
    const res = await fetch(`${this.baseUrl}/api/orders/execute`, { method: 'POST', headers, body });
    return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
  }

  /** Sends one request that must be refused, and throws (with the exchange) if it is not. */
  async expectRejected(sent: Sent): Promise<void> {
    const res = await this.post(sent);
    const problem = refusalProblem(res, sent.body?.toString('utf8') ?? '', (status) => ALLOWED_STATUS.has(status), '400, 413 or 415');
    if (problem) {
      throw new Error(`${problem}\n  sent: ${describeSent(sent)}\n  got: ${res.status} ${res.contentType} ${res.text.slice(0, 500)}`);
    }
  }
}

/**
 * What is wrong with `res` as the refusal of a request whose text was `sentText`, or undefined: a
 * status `allowed` refuses, a JSON object body whose statusCode matches and that has a string
 * code, and no internals that the request did not contain itself.
 */
export function refusalProblem(
  res: Answer,
  sentText: string,
  allowed: (status: number) => boolean,
  allowedText: string,
): string | undefined {
  if (!allowed(res.status)) return `status ${res.status} is not ${allowedText}`;
  if (!/^application\/json\b/.test(res.contentType ?? '')) return 'the error body is not JSON';
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return 'the error body does not parse as JSON';
  }
  const b = body as { statusCode?: unknown; code?: unknown };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the error body is not an object';
  if (typeof b.statusCode !== 'number' || b.statusCode !== res.status) return 'statusCode does not equal the HTTP status';
  if (typeof b.code !== 'string' || b.code === '') return 'no string code';
  for (const pattern of LEAKS) {
    for (const match of res.text.matchAll(pattern)) {
      // Messages may quote the request (an unknown token is named); only text we did not send leaks.
      if (!sentText.includes(match[0]) && !JSON.stringify(sentText).includes(match[0])) {
        return `the error body leaks internals: ${JSON.stringify(match[0])}`;
      }
    }
  }
  return undefined;
}
