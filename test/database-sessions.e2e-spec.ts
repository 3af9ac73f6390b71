import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RunningEngine, startEngine } from './support/engine';

/** The engine's pool gives every session the PG_* limits; the migrations at start have none. */
describe("the engine's Postgres sessions", () => {
  let engine: RunningEngine;
  let db: DataSource;

  beforeAll(async () => {
    engine = await startEngine({
      RUN_WORKER: 'false',
      PG_STATEMENT_TIMEOUT_MS: '1234',
      PG_LOCK_TIMEOUT_MS: '2345',
      PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: '34567',
      PG_CONNECT_TIMEOUT_MS: '4567',
    });
    db = engine.app.get<DataSource>(getDataSourceToken());
  });

  afterAll(() => engine.close());

  it('report the statement, lock and idle-in-transaction timeouts on every pooled connection', async () => {
    const show = () =>
      db.query(`SELECT current_setting('statement_timeout') AS statement,
                       current_setting('lock_timeout') AS lock,
                       current_setting('idle_in_transaction_session_timeout') AS idle,
                       pg_backend_pid() AS pid`);
    // Several at once, so that more than one pooled connection answers.
    const rows: Array<{ statement: string; lock: string; idle: string; pid: number }> = (
      await Promise.all(Array.from({ length: 6 }, () => db.transaction((tx) => tx.query(`SELECT pg_sleep(0.05)`).then(show))))
    ).flat();
    expect(new Set(rows.map((r) => r.pid)).size).toBeGreaterThan(1);
    for (const r of rows) expect(r).toMatchObject({ statement: '1234ms', lock: '2345ms', idle: '34567ms' });
  });

  it('wait at most PG_CONNECT_TIMEOUT_MS for a connection', () => {
    const pool = (db.driver as unknown as { master: { options: Record<string, unknown> } }).master;
    expect(pool.options.connectionTimeoutMillis).toBe(4567);
  });

  it('have a statement that runs past the limit cancelled by the server', async () => {
    const started = Date.now();
    await expect(db.query('SELECT pg_sleep(10)')).rejects.toMatchObject({ code: '57014' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
