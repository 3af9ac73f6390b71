import type { IncomingMessage } from 'node:http';

/**
 * Routing of WebSocket upgrade requests by path with one trailing parameter (`/ws/orders/<id>`),
 * which `@WebSocketGateway({ path })` cannot express. Every step runs in time linear in the URL's
 * length, with no regular expression over it: an upgrade URL is attacker-controlled and is parsed
 * on the event loop.
 */

/** What the router found in a URL: the gateway path it matched, and the one segment after it. */
export interface UpgradeRoute {
  /** The gateway's path, e.g. `/ws/orders`. */
  path: string;
  /** The segment after the path as sent (percent-encoded); '' when the URL is the path itself. */
  rawParam: string;
  /** The segment percent-decoded; undefined when its encoding is malformed (`%zz`). */
  param: string | undefined;
  /** The alias path the request came by (its parameter from the query), if it came by one. */
  alias?: string;
}

const SLASH = 0x2f;

/** Index of the first of `chars` in `s` at or after `from`, or `s.length`. */
function indexOfAny(s: string, chars: string, from: number): number {
  for (let i = from; i < s.length; i++) if (chars.includes(s[i])) return i;
  return s.length;
}

/**
 * The path of a request target, without query or fragment: origin-form (`/a/b?q`) or absolute-form
 * (`ws://host/a/b?q`). Undefined for anything else (`*`, `host:port`, garbage).
 */
export function targetPath(target: string): string | undefined {
  let start = 0;
  if (target.charCodeAt(0) !== SLASH) {
    const sep = target.indexOf('://');
    if (sep < 1 || sep > 16 || !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(target.slice(0, sep))) return undefined;
    start = indexOfAny(target, '/?#', sep + 3);
    if (target.charCodeAt(start) !== SLASH) return '/';
  }
  return target.slice(start, indexOfAny(target, '?#', start));
}

/** `path` without trailing slashes (but `/` stays `/`). */
function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === SLASH) end--;
  return path.slice(0, end);
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The route of an upgrade request target among the gateways' `paths`: the URL's path (trailing
 * slashes aside) is a gateway's path, or that path plus one non-empty segment.
 */
export function matchUpgradePath(target: string, paths: readonly string[]): UpgradeRoute | undefined {
  const raw = targetPath(target);
  if (raw === undefined) return undefined;
  const path = trimTrailingSlashes(raw);
  for (const p of paths) {
    if (path === p) return { path: p, rawParam: '', param: '' };
    if (path.length > p.length + 1 && path.charCodeAt(p.length) === SLASH && path.startsWith(p)) {
      const rest = path.slice(p.length + 1);
      if (!rest.includes('/')) return { path: p, rawParam: rest, param: decode(rest) };
    }
  }
  return undefined;
}

/**
 * Another path a gateway is reached on, its parameter in the query instead of the path: clients
 * that open the stream on the endpoint they posted to (`/api/orders/execute?orderId=<id>`).
 */
export interface UpgradeAlias {
  /** The path as clients use it, e.g. `/api/orders/execute`. */
  path: string;
  /** The query parameter that carries the gateway's parameter, e.g. `orderId`. */
  queryParam: string;
  /** The gateway's own path, e.g. `/ws/orders`. */
  target: string;
}

/**
 * The value of the first `name=` parameter of the target's query as sent (percent-encoded), or
 * undefined. One pass over the query, no regular expression.
 */
export function queryValue(target: string, name: string): string | undefined {
  const start = target.indexOf('?');
  if (start < 0) return undefined;
  const end = indexOfAny(target, '#', start + 1);
  const prefix = `${name}=`;
  for (let from = start + 1; from < end; ) {
    const amp = indexOfAny(target, '&', from);
    const stop = Math.min(amp, end);
    if (stop - from >= prefix.length && target.startsWith(prefix, from)) return target.slice(from + prefix.length, stop);
    from = stop + 1;
  }
  return undefined;
}

/**
 * The route of an upgrade among the gateways' `paths` (matchUpgradePath), or through one of the
 * `aliases` to its gateway, the parameter read from the query ('' when it is missing).
 */
export function routeUpgrade(target: string, paths: readonly string[], aliases: readonly UpgradeAlias[]): UpgradeRoute | undefined {
  const direct = matchUpgradePath(target, paths);
  if (direct || aliases.length === 0) return direct;
  const raw = targetPath(target);
  if (raw === undefined) return undefined;
  const path = trimTrailingSlashes(raw);
  const alias = aliases.find((a) => a.path === path && paths.includes(a.target));
  if (!alias) return undefined;
  const rawParam = queryValue(target, alias.queryParam) ?? '';
  return { path: alias.target, rawParam, param: decode(rawParam), alias: alias.path };
}

const ROUTE = Symbol('upgradeRoute');
type RoutedRequest = IncomingMessage & { [ROUTE]?: UpgradeRoute };

/** Called by the upgrade router: the gateway then reads the route instead of parsing the URL again. */
export function attachUpgradeRoute(request: IncomingMessage, route: UpgradeRoute): void {
  (request as RoutedRequest)[ROUTE] = route;
}

/** The route the upgrade router attached to this request, if it went through one. */
export function upgradeRouteOf(request: IncomingMessage): UpgradeRoute | undefined {
  return (request as RoutedRequest)[ROUTE];
}
