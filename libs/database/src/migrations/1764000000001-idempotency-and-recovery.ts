import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotent submission and recovery bookkeeping. `accepted_at` is null only while a keyed order
 * is between its insert and its enqueue, which is what a repeat of that key must wait for (409).
 */
export class IdempotencyAndRecovery1764000000001 implements MigrationInterface {
  name = 'IdempotencyAndRecovery1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE orders
        ADD COLUMN idempotency_key varchar(255),
        ADD COLUMN request_hash    char(64),
        ADD COLUMN accepted_at     timestamptz,
        ADD COLUMN recoveries      integer NOT NULL DEFAULT 0`);
    await q.query(`UPDATE orders SET accepted_at = created_at`);
    await q.query(`CREATE UNIQUE INDEX orders_idempotency_key_idx ON orders (idempotency_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX orders_idempotency_key_idx');
    await q.query(
      'ALTER TABLE orders DROP COLUMN idempotency_key, DROP COLUMN request_hash, DROP COLUMN accepted_at, DROP COLUMN recoveries',
    );
  }
}
