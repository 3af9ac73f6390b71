import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_TERMINAL = `('confirmed','failed')`;
const TERMINAL = `('confirmed','failed','cancelled','expired')`;

/**
 * Order types beyond market (limit, stop, sniper), cancel and expiry.
 *
 * - New statuses: `waiting` (accepted, trigger not met) and the terminal `cancelled` and
 *   `expired`. The one-terminal-event index and the partial indexes that mean "not terminal"
 *   cover them.
 * - A trigger order's parameters: `trigger_price` (exact decimal: tokenOut per tokenIn, in token
 *   units), `min_out_floor` (a limit's guarantee in tokenOut base units: ceil(amountIn × trigger)),
 *   `expires_at`, and for snipers `max_price`. `triggered_at` marks a waiting order whose trigger
 *   fired and whose job is dispatched (a claim made by compare-and-set, so it fires once), and
 *   `launch_sol_before` a sniper's place in its launch's queue (the SOL bought before it).
 * - Fees chosen and paid: `priority_fee` ('auto' or µlamports per compute unit),
 *   `max_priority_fee_lamports` (the cap on an 'auto' fee), `jito_tip_lamports`, `fee_lamports`
 *   (paid by the landed transaction).
 * - Waiting orders are found by pair, type and trigger price (one index range per pair and side,
 *   whatever the number that wait), by expiry, and snipers by their launch's token.
 */
export class OrderTypes1764000000005 implements MigrationInterface {
  name = 'OrderTypes1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE orders
        ADD COLUMN type               varchar(16) NOT NULL DEFAULT 'market'
                   CHECK (type IN ('market','limit','stop','sniper')),
        ADD COLUMN trigger_price      numeric CHECK (trigger_price > 0 AND trigger_price <> 'NaN'),
        ADD COLUMN min_out_floor      numeric(40,0),
        ADD COLUMN max_price          numeric CHECK (max_price > 0 AND max_price <> 'NaN'),
        ADD COLUMN expires_at         timestamptz,
        ADD COLUMN triggered_at       timestamptz,
        ADD COLUMN launch_sol_before  numeric(40,0),
        ADD COLUMN priority_fee       varchar(24),
        ADD COLUMN jito_tip_lamports  numeric(40,0),
        ADD COLUMN max_priority_fee_lamports numeric(40,0),
        ADD COLUMN fee_lamports       numeric(40,0)`);
    await q.query('ALTER TABLE orders ALTER COLUMN type DROP DEFAULT');
    await q.query('ALTER TABLE orders DROP CONSTRAINT orders_status_check');
    await q.query(`
      ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN
        ('pending','waiting','routing','building','submitted','confirmed','failed','cancelled','expired'))`);
    await q.query('DROP INDEX order_events_one_terminal_idx');
    await q.query(`CREATE UNIQUE INDEX order_events_one_terminal_idx ON order_events (order_id) WHERE status IN ${TERMINAL}`);
    await q.query('DROP INDEX orders_open_by_account_idx');
    await q.query(`CREATE INDEX orders_open_by_account_idx ON orders (account_id, id) WHERE status NOT IN ${TERMINAL}`);
    await q.query('DROP INDEX orders_active_idx');
    await q.query(`CREATE INDEX orders_active_idx ON orders (updated_at, id) WHERE status NOT IN ${TERMINAL}`);
    await q.query(`
      CREATE INDEX orders_waiting_trigger_idx ON orders (token_in, token_out, type, trigger_price)
        WHERE status = 'waiting' AND triggered_at IS NULL AND type IN ('limit','stop')`);
    await q.query(`
      CREATE INDEX orders_waiting_expiry_idx ON orders (expires_at)
        WHERE status = 'waiting' AND triggered_at IS NULL AND expires_at IS NOT NULL`);
    await q.query(`
      CREATE INDEX orders_waiting_sniper_idx ON orders (token_out)
        WHERE status = 'waiting' AND triggered_at IS NULL AND type = 'sniper'`);
    // Where a launch's queue of triggered snipers ends (the next one's place).
    await q.query(`
      CREATE INDEX orders_sniper_queue_idx ON orders (token_out, (launch_sol_before + amount_in))
        WHERE type = 'sniper' AND launch_sol_before IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX orders_sniper_queue_idx');
    await q.query('DROP INDEX orders_waiting_sniper_idx');
    await q.query('DROP INDEX orders_waiting_expiry_idx');
    await q.query('DROP INDEX orders_waiting_trigger_idx');
    await q.query('DROP INDEX orders_active_idx');
    await q.query(`CREATE INDEX orders_active_idx ON orders (updated_at, id) WHERE status NOT IN ${OLD_TERMINAL}`);
    await q.query('DROP INDEX orders_open_by_account_idx');
    await q.query(`CREATE INDEX orders_open_by_account_idx ON orders (account_id) WHERE status NOT IN ${OLD_TERMINAL}`);
    await q.query('DROP INDEX order_events_one_terminal_idx');
    await q.query(`CREATE UNIQUE INDEX order_events_one_terminal_idx ON order_events (order_id) WHERE status IN ${OLD_TERMINAL}`);
    await q.query('ALTER TABLE orders DROP CONSTRAINT orders_status_check');
    await q.query(`
      ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN
        ('pending','routing','building','submitted','confirmed','failed'))`);
    await q.query(`
      ALTER TABLE orders DROP COLUMN type, DROP COLUMN trigger_price, DROP COLUMN min_out_floor, DROP COLUMN max_price,
        DROP COLUMN expires_at, DROP COLUMN triggered_at, DROP COLUMN launch_sol_before, DROP COLUMN priority_fee,
        DROP COLUMN jito_tip_lamports, DROP COLUMN max_priority_fee_lamports, DROP COLUMN fee_lamports`);
  }
}
