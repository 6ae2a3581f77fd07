export * from './create-logger';
export * from './log-level';
