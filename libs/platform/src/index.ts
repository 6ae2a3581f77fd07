export * from './platform.errors';
export * from './state-paths';
export * from './commands/platform-up';
export * from './commands/platform-down';
export * from './commands/platform-status';
export * from './commands/platform-reset';
export { kafkaServiceName, readClusterFile } from './kafka/kafka-service';
export { REGISTRY_SERVICE } from './registry/registry-service';
export { tailFile } from './process/managed-process';
