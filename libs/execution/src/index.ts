export { ExecutionModule } from './execution.module';
export { ExecutionQueueModule } from './execution-queue.module';
export { ExecutionService, OrderFailedError } from './execution.service';
export { BullOrderDispatcher } from './bull-order.dispatcher';
export { ORDERS_QUEUE, EXECUTE_ORDER_JOB } from './queue.constants';
export type { ExecuteOrderJob } from './queue.constants';
export { redisOptionsFromUrl } from './redis-connection';
export { EngineDexModule } from './engine-dex.module';
