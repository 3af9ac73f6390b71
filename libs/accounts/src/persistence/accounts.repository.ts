import { randomUUID } from 'node:crypto';
import { LOST_CONNECTION_RETRY, MicroBatcher } from '@app/common';
import { DataSource, QueryRunner } from 'typeorm';
import { liveOnRetry } from '@app/database';

/** Limits an account may be given; null keeps the engine's setting, undefined leaves it as it is. */
export interface LimitsPatch {
  ordersPerSecond?: number | null;
  readsPerSecond?: number | null;
  maxOpenOrders?: number | null;
}

/** A key's row with its account, as authentication reads it. */
export interface KeyRecord {
  keyId: string;
  keyName: string;
  prefix: string;
  secretHash: string;
  admin: boolean;
  createdAt: Date;
  revokedAt: Date | null;
  accountId: string;
  accountName: string;
  ordersPerSecond: number | null;
  readsPerSecond: number | null;
  maxOpenOrders: number | null;
}

const KEY_COLUMNS = `k.id AS "keyId", k.name AS "keyName", k.prefix, k.secret_hash AS "secretHash", k.admin,
  k.created_at AS "createdAt", k.revoked_at AS "revokedAt", a.id AS "accountId", a.name AS "accountName",
  a.orders_per_second AS "ordersPerSecond", a.reads_per_second AS "readsPerSecond", a.max_open_orders AS "maxOpenOrders"`;

/**
 * Every statement on `accounts` and `api_keys`. Takes a DataSource rather than Nest's injection so
 * that the keys command can use it on a database the engine has never started on.
 */
export class AccountsRepository {
  /** Requests authenticating at the same moment share one look-up. */
  private readonly lookups: MicroBatcher<string, KeyRecord | null>;

  /** `maxWaiting`: look-ups that may wait for a flush (GROUP_QUEUE_LIMIT in the engine). */
  constructor(
    private readonly db: DataSource,
    maxWaiting = Number.MAX_SAFE_INTEGER,
  ) {
    this.lookups = new MicroBatcher(liveOnRetry(db, (prefixes: string[], r) => this.findGroup(prefixes, r)), {
      maxBatch: 200,
      maxInFlight: 4,
      maxWaiting,
      // A look-up changes nothing: tried once more on a fresh connection when its own was lost.
      ...LOST_CONNECTION_RETRY,
      name: 'API key look-ups',
    });
  }

  /** The account's id, creating it when it does not exist; limits given are set on it. */
  async upsertAccount(name: string, limits: LimitsPatch): Promise<string> {
    const given = (v: number | null | undefined) => (v === undefined ? null : v);
    const rows: Array<{ id: string }> = await this.db.query(
      `INSERT INTO accounts (id, name, orders_per_second, reads_per_second, max_open_orders)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (name) DO UPDATE SET
         orders_per_second = CASE WHEN $6 THEN EXCLUDED.orders_per_second ELSE accounts.orders_per_second END,
         reads_per_second  = CASE WHEN $7 THEN EXCLUDED.reads_per_second  ELSE accounts.reads_per_second END,
         max_open_orders   = CASE WHEN $8 THEN EXCLUDED.max_open_orders   ELSE accounts.max_open_orders END
       RETURNING id`,
      [
        randomUUID(), name, given(limits.ordersPerSecond), given(limits.readsPerSecond), given(limits.maxOpenOrders),
        limits.ordersPerSecond !== undefined, limits.readsPerSecond !== undefined, limits.maxOpenOrders !== undefined,
      ],
    );
    return rows[0].id;
  }

  async insertKey(key: { id: string; accountId: string; name: string; prefix: string; secretHash: string; admin: boolean }): Promise<void> {
    await this.db.query(
      `INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, admin) VALUES ($1, $2, $3, $4, $5, $6)`,
      [key.id, key.accountId, key.name, key.prefix, key.secretHash, key.admin],
    );
  }

  async listKeys(): Promise<KeyRecord[]> {
    return this.db.query(
      `SELECT ${KEY_COLUMNS} FROM api_keys k JOIN accounts a ON a.id = k.account_id ORDER BY k.created_at, k.id`,
    );
  }

  /** Revokes the keys with this id or prefix that are not revoked yet; returns them. */
  async revokeKey(idOrPrefix: string): Promise<KeyRecord[]> {
    return this.db.query(
      `WITH revoked AS (
         UPDATE api_keys SET revoked_at = now()
         WHERE (prefix = $1 OR id::text = $1) AND revoked_at IS NULL
         RETURNING *
       )
       SELECT ${KEY_COLUMNS} FROM revoked k JOIN accounts a ON a.id = k.account_id`,
      [idOrPrefix],
    );
  }

  /** The key with this prefix and its account, or null; read on every authenticated request. */
  findByPrefix(prefix: string): Promise<KeyRecord | null> {
    return this.lookups.add(prefix);
  }

  private async findGroup(prefixes: string[], runner?: QueryRunner): Promise<Array<KeyRecord | null>> {
    const rows: KeyRecord[] = await this.db.query(
      `SELECT ${KEY_COLUMNS} FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.prefix = ANY($1::varchar[])`,
      [[...new Set(prefixes)]],
      runner,
    );
    const byPrefix = new Map(rows.map((r) => [r.prefix, r]));
    return prefixes.map((p) => byPrefix.get(p) ?? null);
  }
}
