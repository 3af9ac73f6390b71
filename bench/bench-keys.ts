/** Keys for bench runs, made on the bench database the way `npm run keys` makes them. */
import { DataSource } from 'typeorm';
import { AccountsRepository, ApiKeys } from '@app/accounts';
import { dataSourceOptions } from '@app/database';

/**
 * A key for `account` (default `bench`) with these limits per second (0: none) and no cap on
 * open orders. The database must be migrated already (the engine does it on start).
 */
export async function makeBenchKey(databaseUrl: string, perSecond: number, account = 'bench'): Promise<string> {
  const db = await new DataSource(dataSourceOptions(databaseUrl, 1)).initialize();
  try {
    const keys = new ApiKeys(new AccountsRepository(db), { ordersPerSecond: 0, readsPerSecond: 0, maxOpenOrders: 0 });
    return (await keys.create({ account, ordersPerSecond: perSecond, readsPerSecond: perSecond, maxOpenOrders: 0 })).key;
  } finally {
    await db.destroy();
  }
}
