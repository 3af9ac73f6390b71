export { EngineConfigModule } from './config.module';
export { EnvironmentVariables, loadEnvironment } from './environment';
export * from './namespaces';
