/** Injection token of the OrderFlowCommandPort every command controller calls; tests provide a fake. */
export const ORDER_FLOW_COMMANDS = Symbol('ORDER_FLOW_COMMANDS');

/** Injection token of the CommerceApiConfig. */
export const COMMERCE_API_CONFIG = Symbol('COMMERCE_API_CONFIG');
