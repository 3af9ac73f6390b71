import { dataSourceOptions } from './data-source-options';

describe('dataSourceOptions', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/x';

  it("gives the engine's pool its session limits", () => {
    const timeouts = { statementTimeoutMs: 1, lockTimeoutMs: 2, idleInTransactionTimeoutMs: 3, connectTimeoutMs: 4 };
    expect(dataSourceOptions(url, 7, timeouts).extra).toEqual({
      max: 7,
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
