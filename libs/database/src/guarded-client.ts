import { Client, ClientConfig } from 'pg';

/**
 * The engine pool's pg client. pg reports the loss of a connection that runs no query as an
 * 'error' event; the pool listens while the connection is idle and TypeORM while a statement holds
 * it, but a connection lost in a hand-over between the two (seen when every backend is terminated
 * under load) would emit it with no listener, which throws and ends the process. This listener is
 * always there: the loss itself still reaches the pool or TypeORM, which discard the connection,
 * and the statement that meets it fails with its own error (a 503, or a retry).
 */
export class GuardedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}
