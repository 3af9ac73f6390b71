import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AccountsRepository, ApiKeys } from '@app/accounts';
import { loadEnvironment } from '@app/config';
import { dataSourceOptions, prepareDatabase } from '@app/database';
import { parseKeysArgs, runKeys, UsageError, USAGE } from './keys-command';

/**
 * `npm run keys -- create|list|revoke`: manages API keys in the database named by DATABASE_URL,
 * which it creates and migrates first if needed, so it works before the engine ever started.
 */
async function main(): Promise<number> {
  let request;
  try {
    request = parseKeysArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  const env = loadEnvironment();
  await prepareDatabase(env.DATABASE_URL);
  const db = await new DataSource(dataSourceOptions(env.DATABASE_URL, 1)).initialize();
  try {
    const defaults = {
      ordersPerSecond: env.RATE_LIMIT_ORDERS_PER_SECOND,
      readsPerSecond: env.RATE_LIMIT_READS_PER_SECOND,
      maxOpenOrders: env.MAX_OPEN_ORDERS,
    };
    const { out, code } = await runKeys(request, new ApiKeys(new AccountsRepository(db), defaults));
    (code === 0 || ('json' in request && request.json) ? console.log : console.error)(out);
    return code;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`keys: ${err.message}`);
    process.exit(1);
  },
);
