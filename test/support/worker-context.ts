import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { OrderExecutionProcessor } from '@app/execution';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { testDb } from './engine';
import { applyTestEnv } from './test-env';

/**
 * The worker role without its BullMQ processor: nothing executes on its own, so a test can drive
 * ExecutionService or the reconciler itself and job states stay as the test sets them.
 */
export async function startWorkerContext(overrides: Record<string, string> = {}): Promise<INestApplicationContext> {
  applyTestEnv(overrides);
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(OrderExecutionProcessor)
    .useValue({})
    .compile();
  return moduleRef.init();
}

export interface WorkerFixture {
  context: INestApplicationContext;
  /** A direct connection to the test database, for checks of what was stored. */
  db: Client;
}

/** Opens a worker context and a database connection before the suite's tests, and closes both after. */
export function useWorkerContext(overrides: Record<string, string> = {}): WorkerFixture {
  const fixture = {} as WorkerFixture;
  beforeAll(async () => {
    fixture.context = await startWorkerContext(overrides);
    fixture.db = await testDb();
  });
  afterAll(async () => {
    await fixture.db?.end();
    await fixture.context?.close();
  });
  return fixture;
}
