export * from './config.errors';
export * from './config.schema';
export * from './database-roles';
export * from './load-config';
export * from './kafka-credentials';
