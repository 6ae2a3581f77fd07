export * from './data-source';
export { migrations } from './migrations';
export * from './session/listening-session';
export * from './session/database-session.errors';
export { ReconnectBackoff } from './session/reconnect-backoff';
export * from './transaction/in-transaction';
export * from './errors/database-unavailable';
export { WakeSignal } from './session/wake-signal';
export { CoalescedRun } from './session/coalesced-run';
