import { createServer } from 'node:net';

/**
 * A port free now: bound once by the OS on 127.0.0.1, then released. Also a port nothing listens
 * on, for tests of a service that does not answer.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
