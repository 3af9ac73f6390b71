export { MicroBatcher } from './micro-batcher';
export type { BatchOutcome, MicroBatcherOptions } from './micro-batcher';
export { TimeoutError, withTimeout } from './with-timeout';
export { createRedis, parseRedisUrl, redisOptions } from './redis-connection';
export type { RedisEndpoint, RedisRole } from './redis-connection';
export { exitUnlessServicesAnswer, findUnreachableServices } from './service-probe';
export { attachUpgradeRoute, matchUpgradePath, targetPath, upgradeRouteOf } from './upgrade-route';
export type { UpgradeRoute } from './upgrade-route';
