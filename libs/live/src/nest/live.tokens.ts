/** Injection token of the LiveConfig the module was given. */
export const LIVE_CONFIG = Symbol('LIVE_CONFIG');
