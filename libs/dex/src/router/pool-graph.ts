import { Token, TOKENS } from '../tokens/token.constants';
import type { Venue } from '../venues/venue.interface';
import { MAX_HOPS } from './route.types';

/**
 * At most this many token paths are weighed per quote (shortest first). With the default market a
 * pair has at most two; the bound keeps a denser market from making quotes slow.
 */
export const MAX_TOKEN_PATHS = 12;

/**
 * The pair graph of the market for one quote: tokens are nodes, and two tokens are joined when
 * some venue holds a pool of that pair. Which pairs have pools is looked up lazily and remembered
 * for the quote (venues list their pools without an RPC read).
 */
export class PoolGraph {
  private readonly tokens: readonly Token[];
  private readonly pairs = new Map<string, Venue[]>();

  /** The tokens a path may pass through: the known tokens, plus the pair's own if they are not among them. */
  constructor(
    private readonly venues: readonly Venue[],
    ends: readonly Token[] = [],
    known: readonly Token[] = TOKENS,
  ) {
    const tokens = [...known];
    for (const end of ends) if (!tokens.some((t) => t.mint === end.mint)) tokens.push(end);
    this.tokens = tokens;
  }

  /** The venues holding a pool of the pair (either direction), in venue order. */
  venuesFor(a: Token, b: Token): Venue[] {
    const key = a.mint < b.mint ? `${a.mint}|${b.mint}` : `${b.mint}|${a.mint}`;
    let venues = this.pairs.get(key);
    if (!venues) {
      venues = this.venues.filter((v) => v.poolsFor(a, b).length > 0);
      this.pairs.set(key, venues);
    }
    return venues;
  }

  connected(a: Token, b: Token): boolean {
    return this.venuesFor(a, b).length > 0;
  }

  /**
   * Every path of 1 to `maxHops` hops from `from` to `to` that visits no token twice, breadth
   * first: shortest paths first, then in token order; at most `limit` of them. A path is the
   * tokens it passes through, ends included: [SOL, USDC, USDT] is two hops.
   */
  paths(from: Token, to: Token, maxHops = MAX_HOPS, limit = MAX_TOKEN_PATHS): Token[][] {
    const found: Token[][] = [];
    let frontier: Token[][] = [[from]];
    for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
      const next: Token[][] = [];
      for (const path of frontier) {
        const last = path[path.length - 1];
        if (this.connected(last, to)) {
          found.push([...path, to]);
          if (found.length >= limit) return found;
        }
        if (hops === maxHops) continue;
        for (const token of this.tokens) {
          if (token.mint === to.mint || path.some((t) => t.mint === token.mint)) continue;
          if (this.connected(last, token)) next.push([...path, token]);
        }
      }
      frontier = next;
    }
    return found;
  }
}

/** The pairs a token path trades, in order: [A, X, B] → [[A, X], [X, B]]. */
export function hopsOf(path: readonly Token[]): Array<[Token, Token]> {
  return path.slice(1).map((token, i) => [path[i], token]);
}
