export * from './commands/commands.port';
export * from './commands/order-flow-commands';
export * from './create-order-flow';
export * from './order-flow.errors';
export * from './outbox/outbox-relay';
export * from './outbox/publication-waiter';
export * from './processor/order-flow-processor';
export * from './processor/payment-timeout';
export type { Trigger } from './processor/order-flow-reactions';
