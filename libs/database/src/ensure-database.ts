import { Client } from 'pg';

/** Postgres' "database already exists": two processes may race to create it. */
const DUPLICATE_DATABASE = '42P04';

/**
 * Creates the database named in `url` if it does not exist yet, so that `npm start` works on a fresh
 * machine. Connects to the server's `postgres` maintenance database to do so.
 */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        if (err.code !== DUPLICATE_DATABASE) throw err;
      });
    }
  } finally {
    await client.end();
  }
}
