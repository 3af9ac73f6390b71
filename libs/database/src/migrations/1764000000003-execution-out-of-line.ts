import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An order's `execution` (the built transaction, over a kilobyte) is written at `building` and
 * `submitted`, but the row is rewritten at every status and read by every listing, which never
 * shows it. Stored out of line without compression (EXTERNAL), a rewrite that leaves it alone
 * copies an 18-byte pointer instead of the value, and a listing that does not select it never
 * fetches it. `route` stays compressed inline (the default): every listed order shows it, and
 * fetching it from the TOAST table row by row would slow every page (docs/performance.md).
 */
export class ExecutionOutOfLine1764000000003 implements MigrationInterface {
  name = 'ExecutionOutOfLine1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE orders ALTER COLUMN execution SET STORAGE EXTERNAL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE orders ALTER COLUMN execution SET STORAGE EXTENDED');
  }
}
