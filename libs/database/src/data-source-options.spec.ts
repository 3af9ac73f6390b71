import { dataSourceOptions } from './data-source-options';
import { GuardedClient } from './guarded-client';

describe('dataSourceOptions', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/x';

  it("gives the engine's pool its session limits", () => {
    const timeouts = { statementTimeoutMs: 1, lockTimeoutMs: 2, idleInTransactionTimeoutMs: 3, connectTimeoutMs: 4 };
    expect(dataSourceOptions(url, 7, timeouts).extra).toEqual({
      max: 7,
      Client: GuardedClient,
      statement_timeout: 1,
      lock_timeout: 2,
      idle_in_transaction_session_timeout: 3,
      connectionTimeoutMillis: 4,
    });
  });

  it('gives none without them, as the migrations at start and the CLI use it', () => {
    expect(dataSourceOptions(url, 1).extra).toEqual({ max: 1 });
  });
});

describe('GuardedClient', () => {
  it('survives an error event that no pool or statement listens to', () => {
    const client = new GuardedClient({ connectionString: 'postgres://postgres@127.0.0.1:5432/x' });
    expect(() => client.emit('error', new Error('terminating connection due to administrator command'))).not.toThrow();
  });
});
