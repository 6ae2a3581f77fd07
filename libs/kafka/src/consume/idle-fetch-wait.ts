/**
 * How long the broker may hold a fetch that finds nothing new. It answers as soon as a record arrives (one byte is
 * enough), so this bounds an idle consumer's fetch rate, not its latency: 50 ms of it kept an idle reader of twelve
 * partitions fetching twenty times a second, about 3% of a core for nothing (docs/performance.md).
 */
export const IDLE_FETCH_WAIT_MS = 500;
