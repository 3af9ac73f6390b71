/**
 * A size-bounded cache for pure functions of (seed, ...keys). The market is derived, never stored, so this
 * only saves recomputing hashes that the same process asks for again (every quote at a moment re-walks the
 * same price tree); evicting an entry changes nothing but speed. Oldest-inserted goes first.
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string, compute: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
    return value;
  }
}
