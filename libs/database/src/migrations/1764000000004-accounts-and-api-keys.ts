import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts and their API keys; every order belongs to an account. The built-in account `public`
 * (the fixed id below) is what requests without a key act as in AUTH_MODE=open, and owns every
 * order placed before accounts existed.
 *
 * A key is stored as its public prefix (for look-up) and the SHA-256 of its secret, never the
 * secret itself. Listing and idempotency keys become per account: the listing index leads with the
 * account, so a page of one account's orders is one range scan, and a key is unique within its
 * account only. A partial index counts an account's open orders (the MAX_OPEN_ORDERS cap).
 * `accepted_at` is now set, from the database's clock, by the statement that stores the order.
 */
export class AccountsAndApiKeys1764000000004 implements MigrationInterface {
  name = 'AccountsAndApiKeys1764000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounts (
        id                 uuid        PRIMARY KEY,
        name               varchar(64) NOT NULL UNIQUE,
        orders_per_second  integer     CHECK (orders_per_second >= 0),
        reads_per_second   integer     CHECK (reads_per_second >= 0),
        max_open_orders    integer     CHECK (max_open_orders >= 0),
        created_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO accounts (id, name) VALUES ('00000000-0000-4000-8000-000000000000', 'public')`);
    await q.query(`
      CREATE TABLE api_keys (
        id           uuid        PRIMARY KEY,
        account_id   uuid        NOT NULL REFERENCES accounts (id),
        name         varchar(64) NOT NULL,
        prefix       varchar(32) NOT NULL UNIQUE,
        secret_hash  char(64)    NOT NULL,
        admin        boolean     NOT NULL DEFAULT false,
        created_at   timestamptz NOT NULL DEFAULT now(),
        revoked_at   timestamptz
      )`);
    await q.query(`CREATE INDEX api_keys_account_idx ON api_keys (account_id)`);
    await q.query(`
      ALTER TABLE orders ADD COLUMN account_id uuid NOT NULL
        DEFAULT '00000000-0000-4000-8000-000000000000' REFERENCES accounts (id)`);
    await q.query(`ALTER TABLE orders ALTER COLUMN account_id DROP DEFAULT`);
    await q.query(`DROP INDEX orders_created_at_id_idx`);
    await q.query(`CREATE INDEX orders_account_created_idx ON orders (account_id, created_at DESC, id DESC)`);
    await q.query(`DROP INDEX orders_idempotency_key_idx`);
    await q.query(`CREATE UNIQUE INDEX orders_account_idempotency_key_idx ON orders (account_id, idempotency_key)`);
    await q.query(
      `CREATE INDEX orders_open_by_account_idx ON orders (account_id) WHERE status NOT IN ('confirmed','failed')`,
    );
    // The reconciler pages through stale orders by (updated_at, id).
    await q.query('DROP INDEX orders_active_idx');
    await q.query(
      `CREATE INDEX orders_active_idx ON orders (updated_at, id) WHERE status NOT IN ('confirmed','failed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX orders_active_idx');
    await q.query(`CREATE INDEX orders_active_idx ON orders (updated_at) WHERE status NOT IN ('confirmed','failed')`);
    await q.query('DROP INDEX orders_open_by_account_idx');
    await q.query('DROP INDEX orders_account_idempotency_key_idx');
    await q.query('CREATE UNIQUE INDEX orders_idempotency_key_idx ON orders (idempotency_key)');
    await q.query('DROP INDEX orders_account_created_idx');
    await q.query('CREATE INDEX orders_created_at_id_idx ON orders (created_at DESC, id DESC)');
    await q.query('ALTER TABLE orders DROP COLUMN account_id');
    await q.query('DROP TABLE api_keys');
    await q.query('DROP TABLE accounts');
  }
}
