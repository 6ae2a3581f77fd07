export * from './commands/commands.port';
export * from './order-flow.errors';
