import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { dataSourceOptions, keepErrorsHandled } from './data-source-options';

describe('dataSourceOptions', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/x';

  it("gives the engine's pool its session limits", () => {
    const timeouts = { statementTimeoutMs: 1, lockTimeoutMs: 2, idleInTransactionTimeoutMs: 3, connectTimeoutMs: 4 };
    expect(dataSourceOptions(url, 7, timeouts).extra).toEqual({
      max: 7,
      onConnect: keepErrorsHandled,
      statement_timeout: 1,
      lock_timeout: 2,
      idle_in_transaction_session_timeout: 3,
      connectionTimeoutMillis: 4,
    });
  });

  it('gives none without them, as the migrations at start and the CLI use it', () => {
    expect(dataSourceOptions(url, 1).extra).toEqual({ max: 1, onConnect: keepErrorsHandled });
  });

  it('keeps a late error of a connection (a backend terminated after its release) from ending the process', () => {
    // An 'error' event without a listener throws: in a socket callback, that is an uncaught exception.
    const bare = new EventEmitter();
    expect(() => bare.emit('error', new Error('terminating connection due to administrator command'))).toThrow();
    const client = new Client();
    keepErrorsHandled(client);
    expect(() => client.emit('error', new Error('terminating connection due to administrator command'))).not.toThrow();
  });
});
