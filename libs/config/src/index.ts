export * from './config.errors';
export * from './config.schema';
export * from './load-config';
