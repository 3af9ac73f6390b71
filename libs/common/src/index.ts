export { MicroBatcher } from './micro-batcher';
export type { BatchOutcome, MicroBatcherOptions } from './micro-batcher';
export { OverloadedError } from './overloaded.error';
export { TimeoutError, withTimeout } from './with-timeout';
export { createRedis, parseRedisUrl, redisOptions } from './redis-connection';
export type { RedisEndpoint, RedisRole } from './redis-connection';
export { exitUnlessServicesAnswer, findUnreachableServices } from './service-probe';
export { DependencyUnavailableError } from './dependency-errors';
