/**
 * How long the analytics read models (per day, per hour, a funnel, searches) let events gather before a
 * transaction (Projection.batchWindowMs): dashboards over days and hours lose nothing to a second, and a
 * transaction a second instead of one per fetch leaves the machine to the read models front ends poll.
 */
export const ANALYTICS_BATCH_WINDOW_MS = 1_000;
