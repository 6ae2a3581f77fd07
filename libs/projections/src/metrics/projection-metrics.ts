import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Buckets of the read-your-writes stages: a few milliseconds at the head of the log, seconds when behind. */
const STAGE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Prometheus metrics of a projector process, labelled per projection (and partition where it matters). */
export class ProjectionMetrics {
  readonly registry = new Registry();
  readonly lagEvents = new Gauge({
    name: 'shopstream_projection_lag_events',
    help: 'Log end offset minus the projection checkpoint',
    labelNames: ['projection', 'topic', 'partition'] as const,
    registers: [this.registry],
  });
  readonly lagSeconds = new Gauge({
    name: 'shopstream_projection_lag_seconds',
    help: 'Now minus occurredAt of the last applied event, while behind the log end (0 when caught up)',
    labelNames: ['projection', 'topic', 'partition'] as const,
    registers: [this.registry],
  });
  readonly logGapEvents = new Gauge({
    name: 'shopstream_projection_log_gap_events',
    help: 'Events between the checkpoint and the start of the log, which no longer holds them (retention, a recreated topic); the partition waits',
    labelNames: ['projection', 'topic', 'partition'] as const,
    registers: [this.registry],
  });
  readonly events = new Counter({
    name: 'shopstream_projection_events_total',
    help: 'Events applied (rate() gives events/s)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly duplicates = new Counter({
    name: 'shopstream_projection_duplicates_total',
    help: 'Events skipped because their event id was applied before',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'shopstream_projection_batch_size',
    help: 'Events per applied transaction',
    labelNames: ['projection'] as const,
    buckets: [1, 10, 50, 100, 500, 1_000, 5_000, 10_000, 20_000],
    registers: [this.registry],
  });
  readonly applySeconds = new Histogram({
    name: 'shopstream_projection_apply_seconds',
    help: 'Time to apply one transaction (decode excluded)',
    labelNames: ['projection'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  /**
   * Where the time from a write to its read-your-writes answer goes inside the projector, for a batch applied from the
   * lane's queue (at the head of the log): from the newest record's Kafka timestamp (set by its producer) to the
   * runner handing the batch to the lane; from there to the transaction that applies it beginning; and from that
   * timestamp to the commit that makes it readable.
   */
  readonly fetchDelaySeconds = this.stage(
    'shopstream_projection_fetch_delay_seconds',
    "A queued batch's newest record: from its Kafka timestamp to the projector receiving it (produce, broker, fetch)",
  );
  readonly queuedSeconds = this.stage(
    'shopstream_projection_queued_seconds',
    'From a batch reaching a lane to the transaction that applies it beginning (the transaction before, a window)',
  );
  readonly visibleSeconds = this.stage(
    'shopstream_projection_visible_seconds',
    "A queued batch's newest record: from its Kafka timestamp to the commit that makes it readable",
  );
  readonly deadLetters = new Counter({
    name: 'shopstream_projection_dead_letters_total',
    help: 'Events parked in the dead-letter table',
    labelNames: ['projection', 'code'] as const,
    registers: [this.registry],
  });
  readonly nulReplaced = new Counter({
    name: 'shopstream_projection_nul_replaced_total',
    help: 'Events applied with U+FFFD in place of a NUL no PostgreSQL text can hold',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly retries = new Counter({
    name: 'shopstream_projection_transient_retries_total',
    help: 'Batches retried after a transient failure',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  private stage(name: string, help: string): Histogram<'projection'> {
    return new Histogram({
      name,
      help,
      labelNames: ['projection'] as const,
      buckets: STAGE_BUCKETS,
      registers: [this.registry],
    });
  }
}
