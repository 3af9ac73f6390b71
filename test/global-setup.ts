// globalSetup runs outside jest's module mapper: register the tsconfig path aliases first.
import './support/register-paths';
import Redis from 'ioredis';
import { Client } from 'pg';
import { prepareDatabase } from '@app/database';
import { TEST_ENV } from './support/test-env';

/** A clean test database with every migration applied, and no queue keys left from a past run. */
export default async function globalSetup(): Promise<void> {
  const url = new URL(TEST_ENV.DATABASE_URL);
  const name = url.pathname.slice(1);
  const admin = new URL(TEST_ENV.DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  await prepareDatabase(TEST_ENV.DATABASE_URL);

  const redis = new Redis(TEST_ENV.REDIS_URL);
  const keys = await redis.keys(`${TEST_ENV.QUEUE_PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}
