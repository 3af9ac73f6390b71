import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ad-hoc token launches (POST /api/sim/launches), so that every api and worker process knows them:
 * each process reloads the latest rows every SIM_LAUNCH_REFRESH_MS. A row holds only what cannot
 * be derived: its sequence (which, with the seed, fixes the mint and symbol), the slot it opens in
 * and when it was announced. Scheduled launches are derived from the seed and the clock, never stored.
 */
export class SimLaunches1764000000006 implements MigrationInterface {
  name = 'SimLaunches1764000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sim_launches (
        seq           bigserial   PRIMARY KEY,
        launch_slot   bigint      NOT NULL CHECK (launch_slot > 0),
        announced_at  timestamptz NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sim_launches');
  }
}
