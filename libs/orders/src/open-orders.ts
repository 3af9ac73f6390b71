import { Injectable } from '@nestjs/common';
import { OrdersRepository } from './persistence/orders.repository';

/** How old a count may be before the next order of its account reads it again. */
const REFRESH_MS = 1000;
/** Accounts whose counts are kept; older entries are dropped past it. */
const MAX_ACCOUNTS = 10_000;

interface Count {
  value: number;
  readAt: number;
  refreshing?: Promise<number>;
}

/**
 * How many non-terminal orders an account holds, for the MAX_OPEN_ORDERS cap and the fair queue.
 * Read from Postgres at most once a second per account and process, plus the orders this process
 * accepted since: exact enough for a cap (several api processes may together overshoot it by what
 * they accept in that second) at a cost that does not grow with the request rate.
 */
@Injectable()
export class OpenOrders {
  private readonly counts = new Map<string, Count>();

  constructor(private readonly repository: OrdersRepository) {}

  async count(accountId: string): Promise<number> {
    const now = Date.now();
    const cached = this.counts.get(accountId);
    if (cached && now - cached.readAt < REFRESH_MS) return cached.value;
    if (cached?.refreshing) return cached.refreshing;
    const entry: Count = cached ?? { value: 0, readAt: 0 };
    entry.refreshing = this.repository.countOpen(accountId).then(
      (value) => {
        Object.assign(entry, { value, readAt: Date.now(), refreshing: undefined });
        return value;
      },
      (err: unknown) => {
        entry.refreshing = undefined;
        throw err;
      },
    );
    if (!cached) this.remember(accountId, entry);
    return entry.refreshing;
  }

  /** One more order of this account was accepted here. */
  noteAccepted(accountId: string): void {
    const cached = this.counts.get(accountId);
    if (cached) cached.value++;
  }

  private remember(accountId: string, entry: Count): void {
    if (this.counts.size >= MAX_ACCOUNTS) {
      const oldest = this.counts.keys().next().value;
      if (oldest !== undefined) this.counts.delete(oldest);
    }
    this.counts.set(accountId, entry);
  }
}
