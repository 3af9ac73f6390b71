// Talks to the engine: the key (typed into the page, kept in sessionStorage for this tab only)
// goes as a header on every request; sockets present a single-use ticket instead.

const KEY_ITEM = 'order-engine-key';

export function currentKey() {
  return sessionStorage.getItem(KEY_ITEM) || '';
}

export function setKey(key) {
  if (key) sessionStorage.setItem(KEY_ITEM, key);
  else sessionStorage.removeItem(KEY_ITEM);
}

/** An error the API answered, in words: its message, each field's rule, and what to do about it. */
export class ApiError extends Error {
  constructor(status, body, what) {
    super(describe(status, body, what));
    this.status = status;
    this.body = body;
  }
}

function describe(status, body, what) {
  const head = `${what} failed: ${body && body.message ? body.message : `HTTP ${status}`}`;
  const fields = Array.isArray(body && body.errors) ? body.errors.map((e) => `• ${e.field}: ${e.message}`) : [];
  const hint =
    status === 401 ? 'Type an API key above (AUTH_MODE=required needs one) and press "Use key".' :
    status === 429 ? 'The account is over its rate limit; wait a moment.' :
    status === 503 ? 'The engine or a service behind it is unavailable; retry shortly.' : '';
  const code = body && body.code ? ` (${body.code}, HTTP ${status})` : ` (HTTP ${status})`;
  return [head + code, ...fields, hint].filter(Boolean).join('\n');
}

/** Sends a request; resolves with the JSON body, or rejects with an ApiError naming `what`. */
export async function api(method, path, body, what = `${method} ${path}`) {
  const headers = { Accept: 'application/json' };
  const key = currentKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, { message: `the engine did not answer (${err.message})` }, what);
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = { message: text.slice(0, 200) };
  }
  if (!res.ok) throw new ApiError(res.status, json, what);
  return json;
}

/** The URL of a WebSocket on this engine: with a fresh ticket when a key is in use. */
export async function socketUrl(path) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const base = `${scheme}//${location.host}${path}`;
  if (!currentKey()) return base;
  const { ticket } = await api('POST', '/api/ws-tickets', undefined, 'Getting a WebSocket ticket');
  return `${base}?ticket=${encodeURIComponent(ticket)}`;
}
