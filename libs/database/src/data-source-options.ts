import { DataSourceOptions } from 'typeorm';
import { GuardedClient } from './guarded-client';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { IdempotencyAndRecovery1764000000001 } from './migrations/1764000000001-idempotency-and-recovery';
import { RouteLabelsAndNumbers1764000000002 } from './migrations/1764000000002-route-labels-and-numbers';
import { ExecutionOutOfLine1764000000003 } from './migrations/1764000000003-execution-out-of-line';
import { AccountsAndApiKeys1764000000004 } from './migrations/1764000000004-accounts-and-api-keys';
import { OrderTypes1764000000005 } from './migrations/1764000000005-order-types';
import { SimLaunches1764000000006 } from './migrations/1764000000006-sim-launches';

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
  OrderTypes1764000000005,
  SimLaunches1764000000006,
];

/** Limits of the engine's own sessions, in milliseconds (the PG_* settings). */
export interface SessionTimeouts {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  connectTimeoutMs: number;
}

/**
 * `timeouts` are given to the engine's pool only. node-postgres sends `statement_timeout`,
 * `lock_timeout` and `idle_in_transaction_session_timeout` as startup parameters, so every
 * session of the pool has them from its first statement, enforced by the server; the pool applies
 * `connectionTimeoutMillis` both to opening a connection and to waiting for a free one. pg's
 * `query_timeout` is not used: it only stops waiting on the client, leaving the statement running
 * on a connection that goes back to the pool, while statement_timeout cancels it on the server.
 * The migrations at start get none of these: a migration may rewrite a large table for longer
 * than any statement of the engine should run.
 */
export function dataSourceOptions(url: string, poolSize = 10, timeouts?: SessionTimeouts): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    extra: {
      max: poolSize,
      ...(timeouts && {
        // The engine's pool only: a connection lost between owners must not end the process.
        Client: GuardedClient,
        statement_timeout: timeouts.statementTimeoutMs,
        lock_timeout: timeouts.lockTimeoutMs,
        idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
        connectionTimeoutMillis: timeouts.connectTimeoutMs,
      }),
    },
  };
}
