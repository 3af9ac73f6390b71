/** A connection slot: `release` gives it back (calling it again does nothing). */
export interface ConnectionSlot {
  release: () => void;
}

export type LimitReached = 'total' | 'address';

/**
 * Counts this process's WebSocket connections, in all and per client address, and refuses a slot
 * beyond either limit (WS_MAX_CONNECTIONS, WS_MAX_CONNECTIONS_PER_ADDRESS). A slot is taken before
 * the handshake and released when the raw socket closes, whoever closed it and whether or not the
 * handshake succeeded, so the counts cannot drift.
 */
export class WsConnectionLimiter {
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerAddress: number,
  ) {}

  /** A slot for a connection from `address`, or which limit is reached. */
  acquire(address: string | undefined): ConnectionSlot | LimitReached {
    const key = normalizeAddress(address);
    const fromAddress = this.byAddress.get(key) ?? 0;
    if (this.total >= this.maxTotal) return 'total';
    if (fromAddress >= this.maxPerAddress) return 'address';
    this.total++;
    this.byAddress.set(key, fromAddress + 1);
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.total--;
        const left = (this.byAddress.get(key) ?? 1) - 1;
        if (left > 0) this.byAddress.set(key, left);
        else this.byAddress.delete(key);
      },
    };
  }

  /** Connections held now (for tests and diagnostics). */
  get connections(): number {
    return this.total;
  }

  /** Addresses holding at least one connection now. */
  get addresses(): number {
    return this.byAddress.size;
  }
}

/** An IPv4 client seen through an IPv6 socket (`::ffff:1.2.3.4`) counts as `1.2.3.4`. */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address.toLowerCase();
}
