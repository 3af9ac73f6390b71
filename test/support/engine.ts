import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createApiApp } from '../../apps/api/src/setup-app';
import { loadEnvironment } from '@app/config';
import { applyTestEnv, TEST_ENV } from './test-env';

export interface RunningEngine {
  app: NestFastifyApplication;
  baseUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** Starts the api app (with the worker unless RUN_WORKER=false) on a free port, as main.ts does. */
export async function startEngine(overrides: Record<string, string> = {}): Promise<RunningEngine> {
  applyTestEnv(overrides);
  const app = await createApiApp(loadEnvironment());
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    wsUrl: `ws://127.0.0.1:${address.port}`,
    close: () => app.close(),
  };
}

/** A direct connection to the test database, for the checks that read what was stored. */
export async function testDb(): Promise<Client> {
  const client = new Client({ connectionString: TEST_ENV.DATABASE_URL });
  await client.connect();
  return client;
}
