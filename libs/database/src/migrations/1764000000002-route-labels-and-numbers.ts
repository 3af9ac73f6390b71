import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `venue` now holds the winning route's label ("raydium 35% + meteora 65%"), not one venue name;
 * `number` counts orders in acceptance order (1, 2, 3…), for people and for SIM_FAIL_ORDERS.
 */
export class RouteLabelsAndNumbers1764000000002 implements MigrationInterface {
  name = 'RouteLabelsAndNumbers1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE orders ALTER COLUMN venue TYPE varchar(120)');
    await q.query('ALTER TABLE orders ADD COLUMN number bigserial');
    await q.query('CREATE UNIQUE INDEX orders_number_idx ON orders (number)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX orders_number_idx');
    await q.query('ALTER TABLE orders DROP COLUMN number');
    await q.query('ALTER TABLE orders ALTER COLUMN venue TYPE varchar(32)');
  }
}
