/**
 * For `--follow sample`: the orders nobody follows are settled from Postgres, one query per tick
 * for all of them, which costs the engine far less than a socket or a GET per order would.
 */
import { Pool } from 'pg';
import { OrderTrack } from './order-client';

const BATCH = 5000;

export class CompletionPoller {
  private readonly pool: Pool;
  private readonly pending = new Map<string, OrderTrack>();

  constructor(databaseUrl: string, private readonly onTerminal: () => void) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 5000 });
  }

  add(track: OrderTrack): void {
    this.pending.set(track.id, track);
  }

  get outstanding(): number {
    return this.pending.size;
  }

  /** One round over at most BATCH unsettled orders; the terminal time is the row's updated_at. */
  async poll(): Promise<void> {
    if (this.pending.size === 0) return;
    const ids = Array.from(this.pending.keys()).slice(0, BATCH);
    const { rows } = await this.pool.query<{ id: string; status: 'confirmed' | 'failed'; updated_at: Date }>(
      `SELECT id, status, updated_at FROM orders WHERE id = ANY($1::uuid[]) AND status IN ('confirmed', 'failed')`,
      [ids],
    );
    for (const row of rows) {
      const track = this.pending.get(row.id);
      if (!track) continue;
      this.pending.delete(row.id);
      track.terminal = row.status;
      track.terminalWall = row.updated_at.getTime();
      track.at[row.status] = track.terminalWall - track.submitWall;
      this.onTerminal();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
