import { DataSourceOptions } from 'typeorm';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { IdempotencyAndRecovery1764000000001 } from './migrations/1764000000001-idempotency-and-recovery';
import { RouteLabelsAndNumbers1764000000002 } from './migrations/1764000000002-route-labels-and-numbers';
import { ExecutionOutOfLine1764000000003 } from './migrations/1764000000003-execution-out-of-line';
import { AccountsAndApiKeys1764000000004 } from './migrations/1764000000004-accounts-and-api-keys';

/**
 * Migrations are listed as classes, not globbed from disk, so they load the same from ts-node, jest
 * and the compiled dist/ tree. Append each new migration here.
 */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  IdempotencyAndRecovery1764000000001,
  RouteLabelsAndNumbers1764000000002,
  ExecutionOutOfLine1764000000003,
  AccountsAndApiKeys1764000000004,
];

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    extra: { max: poolSize },
  };
}
