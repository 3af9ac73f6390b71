export { MicroBatcher } from './micro-batcher';
export type { BatchOutcome, MicroBatcherOptions } from './micro-batcher';
export { OverloadedError } from './overloaded.error';
export { TimeoutError, withTimeout } from './with-timeout';
export { createRedis, parseRedisUrl, redisOptions } from './redis-connection';
export type { RedisEndpoint, RedisRole } from './redis-connection';
export { exitUnlessServicesAnswer, findUnreachableServices } from './service-probe';
export {
  dependencyFailure,
  DependencyUnavailableError,
  isConnectionLost,
  isNeverSent,
  LOST_CONNECTION_RETRY,
  unavailableDependency,
} from './dependency-errors';
export type { Dependency } from './dependency-errors';
export { attachUpgradeRoute, matchUpgradePath, queryValue, routeUpgrade, targetPath, upgradeRouteOf } from './upgrade-route';
export type { UpgradeAlias, UpgradeRoute } from './upgrade-route';
export { installProcessSafetyNet } from './process-safety-net';
export type { SafetyNetLogger } from './process-safety-net';
export { urlForLog } from './url-for-log';
