export * from './order-flow-history';
