import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders and their numbered lifecycle events. Money is numeric(40,0) in base units (never float).
 * The partial unique index makes "exactly one terminal event per order" a database guarantee.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders (
        id              uuid PRIMARY KEY,
        token_in        varchar(16)   NOT NULL,
        token_out       varchar(16)   NOT NULL,
        amount_in       numeric(40,0) NOT NULL CHECK (amount_in > 0),
        slippage_bps    integer       NOT NULL CHECK (slippage_bps BETWEEN 0 AND 5000),
        status          varchar(16)   NOT NULL
                        CHECK (status IN ('pending','routing','building','submitted','confirmed','failed')),
        attempt         integer       NOT NULL DEFAULT 0,
        last_seq        integer       NOT NULL DEFAULT 1,
        venue           varchar(32),
        route           jsonb,
        min_amount_out  numeric(40,0),
        amount_out      numeric(40,0),
        tx_hash         varchar(100),
        execution       jsonb,
        error           text,
        error_code      varchar(40),
        created_at      timestamptz   NOT NULL,
        updated_at      timestamptz   NOT NULL
      )`);
    await q.query(`CREATE INDEX orders_created_at_id_idx ON orders (created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX orders_active_idx ON orders (updated_at) WHERE status NOT IN ('confirmed','failed')`,
    );
    await q.query(`CREATE UNIQUE INDEX orders_tx_hash_idx ON orders (tx_hash) WHERE tx_hash IS NOT NULL`);
    await q.query(`
      CREATE TABLE order_events (
        order_id    uuid        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        seq         integer     NOT NULL CHECK (seq >= 1),
        status      varchar(16) NOT NULL,
        attempt     integer     NOT NULL,
        details     jsonb       NOT NULL DEFAULT '{}'::jsonb,
        created_at  timestamptz NOT NULL,
        PRIMARY KEY (order_id, seq)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX order_events_one_terminal_idx ON order_events (order_id)
         WHERE status IN ('confirmed','failed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE order_events');
    await q.query('DROP TABLE orders');
  }
}
