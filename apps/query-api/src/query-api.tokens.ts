/** Injection tokens of the query API's providers. */
export const QUERY_API_CONFIG = Symbol('QUERY_API_CONFIG');
export const READ_MODELS_DB = Symbol('READ_MODELS_DB');
export const READ_STORES = Symbol('READ_STORES');
export const POSITION_WAITER = Symbol('POSITION_WAITER');
export const HOT_READS = Symbol('HOT_READS');
