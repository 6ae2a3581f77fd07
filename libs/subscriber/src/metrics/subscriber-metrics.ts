import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one process's subscriptions, labelled by group. */
export class SubscriberMetrics {
  readonly registry = new Registry();
  readonly lag = new Gauge({
    name: 'shopstream_subscriber_lag_events',
    help: 'Log end offset minus the next offset to handle, per partition read',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [this.registry],
  });
  readonly handled = new Counter({
    name: 'shopstream_subscriber_events_handled_total',
    help: 'Events whose handler succeeded',
    labelNames: ['group', 'type'] as const,
    registers: [this.registry],
  });
  readonly skipped = new Counter({
    name: 'shopstream_subscriber_events_skipped_total',
    help: 'Events no handler takes, let pass (unhandled: skip)',
    labelNames: ['group', 'type'] as const,
    registers: [this.registry],
  });
  readonly retried = new Counter({
    name: 'shopstream_subscriber_events_retried_total',
    help: 'Failed tries retried, in place or through a retry topic',
    labelNames: ['group', 'where'] as const,
    registers: [this.registry],
  });
  readonly deadLettered = new Counter({
    name: 'shopstream_subscriber_events_dead_lettered_total',
    help: 'Events sent to a dead-letter topic',
    labelNames: ['group', 'topic'] as const,
    registers: [this.registry],
  });
  readonly handlerSeconds = new Histogram({
    name: 'shopstream_subscriber_handler_seconds',
    help: 'Time in a handler call (one event, or one batch for handleBatch)',
    labelNames: ['group'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
}
