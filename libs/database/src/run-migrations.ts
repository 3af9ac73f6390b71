import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';

/** Any fixed number: held while migrating so concurrent starts (api + worker) migrate once. */
const MIGRATION_LOCK_KEY = 72_010_541;

/** Creates the database if missing and applies pending migrations; returns the names applied. */
export async function prepareDatabase(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const ds = new DataSource({ ...dataSourceOptions(url, 1) });
  await ds.initialize();
  try {
    await ds.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await ds.runMigrations({ transaction: 'all' });
      return applied.map((m) => m.name);
    } finally {
      await ds.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await ds.destroy();
  }
}
