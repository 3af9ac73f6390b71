import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A waiting limit order near the money: its size and guarantee, for an exact quote. */
export interface LimitCandidate {
  id: string;
  amountIn: bigint;
  minOutFloor: bigint;
}

/** A waiting sniper of a launch: what orders it among the others. */
export interface SniperCandidate {
  id: string;
  amountIn: bigint;
  priorityFee: string | null;
  jitoTipLamports: bigint | null;
  createdAt: Date;
}

/** Waiting and not yet triggered: the orders the trigger engine watches (the partial indexes' predicate). */
const WATCHED = `status = 'waiting' AND triggered_at IS NULL`;

/**
 * The statements of the trigger engine on waiting orders. Each is one index range: the cost of a
 * market tick grows with the pairs that have waiting orders and the orders that trigger, never
 * with the number that wait.
 */
@Injectable()
export class WaitingOrdersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The pairs (token in, token out) with waiting limit or stop orders: a skip scan of the trigger
   * index, one probe per pair found, however many orders each holds.
   */
  async activePairs(): Promise<Array<{ tokenIn: string; tokenOut: string }>> {
    const rows: Array<{ token_in: string; token_out: string }> = await this.db.query(
      `WITH RECURSIVE pairs AS (
         (SELECT token_in, token_out FROM orders WHERE ${WATCHED} AND type IN ('limit', 'stop')
           ORDER BY token_in, token_out LIMIT 1)
         UNION ALL
         SELECT n.token_in, n.token_out FROM pairs p, LATERAL (
           SELECT token_in, token_out FROM orders
            WHERE ${WATCHED} AND type IN ('limit', 'stop') AND (token_in, token_out) > (p.token_in, p.token_out)
            ORDER BY token_in, token_out LIMIT 1) n
       )
       SELECT token_in, token_out FROM pairs`,
    );
    return rows.map((r) => ({ tokenIn: r.token_in, tokenOut: r.token_out }));
  }

  /** Stop orders of the pair whose trigger the market price has fallen to or below. */
  async stopsReached(tokenIn: string, tokenOut: string, price: string, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM orders WHERE ${WATCHED} AND type = 'stop' AND token_in = $1 AND token_out = $2
          AND trigger_price >= $3::numeric ORDER BY trigger_price DESC LIMIT $4`,
      [tokenIn, tokenOut, price, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Limit orders of the pair whose trigger is at or below the market price: the only ones that
   * can fill (an order's own price for its size is never better than the market's), best first.
   */
  async limitsInReach(tokenIn: string, tokenOut: string, price: string, limit: number): Promise<LimitCandidate[]> {
    const rows: Array<{ id: string; amount_in: string; min_out_floor: string }> = await this.db.query(
      `SELECT id, amount_in, min_out_floor FROM orders WHERE ${WATCHED} AND type = 'limit' AND token_in = $1 AND token_out = $2
          AND trigger_price <= $3::numeric ORDER BY trigger_price LIMIT $4`,
      [tokenIn, tokenOut, price, limit],
    );
    return rows.map((r) => ({ id: r.id, amountIn: BigInt(r.amount_in), minOutFloor: BigInt(r.min_out_floor) }));
  }

  /** Waiting snipers of the launch whose token is `tokenOut`, in arrival order. */
  async snipersOf(tokenOut: string, limit: number): Promise<SniperCandidate[]> {
    const rows: Array<{ id: string; amount_in: string; priority_fee: string | null; jito_tip_lamports: string | null; created_at: Date }> =
      await this.db.query(
        `SELECT id, amount_in, priority_fee, jito_tip_lamports, created_at FROM orders
          WHERE ${WATCHED} AND type = 'sniper' AND token_out = $1 ORDER BY created_at, id LIMIT $2`,
        [tokenOut, limit],
      );
    return rows.map((r) => ({
      id: r.id,
      amountIn: BigInt(r.amount_in),
      priorityFee: r.priority_fee,
      jitoTipLamports: r.jito_tip_lamports === null ? null : BigInt(r.jito_tip_lamports),
      createdAt: r.created_at,
    }));
  }

  /**
   * Triggers the launch's snipers in `queue` order and gives each claimed one its place: the SOL
   * that the snipers before it (claimed now or at an earlier tick) put into the curve. One
   * transaction under a lock per launch, so that places never overlap, whatever the number of
   * trigger engines; an order cancelled meanwhile is not claimed and takes no place.
   */
  async claimSnipers(
    tokenOut: string,
    queue: ReadonlyArray<{ id: string; amountIn: bigint }>,
    tickAt: Date,
  ): Promise<Array<{ id: string; attempt: number; launchSolBefore: bigint }>> {
    if (queue.length === 0) return [];
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sniper-queue:${tokenOut}`]);
      const [{ end }]: Array<{ end: string | null }> = await m.query(
        `SELECT max(launch_sol_before + amount_in)::text AS end FROM orders
          WHERE type = 'sniper' AND token_out = $1 AND launch_sol_before IS NOT NULL`,
        [tokenOut],
      );
      const claimed: Array<{ id: string; attempt: number }> = await m.query(
        `WITH claimed AS (
           UPDATE orders o SET triggered_at = $2, updated_at = now()
            WHERE o.id = ANY($1::uuid[]) AND o.${WATCHED}
            RETURNING o.id, o.attempt
         )
         SELECT id, attempt FROM claimed`,
        [queue.map((q) => q.id), tickAt],
      );
      const attemptOf = new Map(claimed.map((c) => [c.id, c.attempt]));
      let before = end === null ? 0n : BigInt(end);
      const places = queue
        .filter((q) => attemptOf.has(q.id))
        .map((q) => {
          const place = { id: q.id, attempt: attemptOf.get(q.id)!, launchSolBefore: before };
          before += q.amountIn;
          return place;
        });
      await m.query(
        `UPDATE orders o SET launch_sol_before = p.before FROM unnest($1::uuid[], $2::numeric[]) AS p(id, before) WHERE o.id = p.id`,
        [places.map((p) => p.id), places.map((p) => p.launchSolBefore.toString())],
      );
      return places;
    });
  }

  /** The tokens of launches that have waiting snipers. */
  async sniperTokens(): Promise<string[]> {
    const rows: Array<{ token_out: string }> = await this.db.query(
      `SELECT DISTINCT token_out FROM orders WHERE ${WATCHED} AND type = 'sniper'`,
    );
    return rows.map((r) => r.token_out);
  }

  /**
   * Marks triggered, at the tick that fired them, the orders that are still waiting and
   * untriggered (a compare-and-set: among any number of trigger engines, one claims each order)
   * and returns those claimed.
   */
  async claim(ids: readonly string[], tickAt: Date): Promise<Array<{ id: string; attempt: number }>> {
    if (ids.length === 0) return [];
    return this.db.query(
      `WITH claimed AS (
         UPDATE orders o SET triggered_at = $2, updated_at = now()
          WHERE o.id = ANY($1::uuid[]) AND o.${WATCHED}
          RETURNING o.id, o.attempt
       )
       SELECT id, attempt FROM claimed`,
      [ids, tickAt],
    );
  }

  /** Takes back a claim whose job found the trigger no longer met before it did anything. */
  async unclaim(id: string): Promise<void> {
    await this.db.query(`UPDATE orders SET triggered_at = NULL, updated_at = now() WHERE id = $1 AND status = 'waiting'`, [id]);
  }

  /** Waiting orders past their expiry, oldest first. */
  async dueForExpiry(limit: number): Promise<Array<{ id: string; expiresAt: Date }>> {
    const rows: Array<{ id: string; expires_at: Date }> = await this.db.query(
      `SELECT id, expires_at FROM orders WHERE ${WATCHED} AND expires_at <= now() ORDER BY expires_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, expiresAt: r.expires_at }));
  }
}
