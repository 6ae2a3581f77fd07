export * from './order-flow-history';
export * from './shop-client.port';
export * from './shop-simulator';
export * from './zipf';
