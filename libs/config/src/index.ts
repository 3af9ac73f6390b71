export { EngineConfigModule } from './config.module';
export { EnvironmentVariables, loadEnvironment, LOG_LEVELS, logLevelsUpTo } from './environment';
export type { LogLevelName } from './environment';
export * from './namespaces';
