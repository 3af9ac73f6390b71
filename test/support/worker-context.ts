import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { OrderExecutionProcessor } from '@app/execution';
import { WorkerModule } from '../../apps/worker/src/worker.module';
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
