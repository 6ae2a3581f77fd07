export * from './order-flow-history';
export * from './shop-client.port';
export * from './shop-simulator';
export * from './zipf';
export * from './order-script/order-script';
export * from './pacing/pacing';
export * from './reconcile/status-comparison';
