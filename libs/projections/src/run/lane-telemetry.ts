import { ShopstreamEvent } from '@shopstream/events';
import { IncomingRecord, RecordBatch } from '@shopstream/kafka';
import { Logger } from '@shopstream/logging';
import { ApplyResult } from '../apply/apply-batch';
import { ParkedRecord } from '../dead-letters/dead-letter-store';
import { ProjectionMetrics } from '../metrics/projection-metrics';
import { failureMessage } from './error-classification';
import { QueuedBatch } from './queued-batch';

/** The Kafka header that carries the id one request's events share, from the HTTP request on. */
export const CORRELATION_HEADER = 'correlation-id';

/** The log fields naming a record: where it sits, and the correlation id its producer gave it, if any. */
export function recordFields(record: IncomingRecord): Record<string, string | number> {
  const correlationId = record.headers[CORRELATION_HEADER];
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    ...(correlationId ? { correlationId } : {}),
  };
}

/** A clock step backwards counts as no time rather than a negative observation. */
const secondsBetween = (from: number, to: number) => Math.max(0, to - from) / 1000;

const partitionFields = (batch: { readonly topic: string; readonly partition: number }) => ({
  topic: batch.topic,
  partition: batch.partition,
});

/**
 * What a lane tells the outside: Prometheus metrics (throughput, lag, gaps, dead letters, retries) and log lines
 * for what an operator must act on, through the host's logger so each line names the process it came from.
 */
export class LaneTelemetry {
  private readonly log: Logger;

  constructor(
    private readonly metrics: ProjectionMetrics,
    logger: Logger,
    private readonly projection: string,
  ) {
    this.log = logger.child({ projection });
  }

  /** A transaction committed `events` events. */
  committed(events: number, result: ApplyResult, seconds: number): void {
    const labels = { projection: this.projection };
    this.metrics.events.inc(labels, result.applied);
    this.metrics.duplicates.inc(labels, result.duplicates);
    this.metrics.batchSize.observe(labels, events);
    this.metrics.applySeconds.observe(labels, seconds);
  }

  /** A transaction took `members` from the queue at `now`: how long they were fetched and queued for. */
  dequeued(members: readonly QueuedBatch[], now: number): void {
    const labels = { projection: this.projection };
    for (const { batch, receivedAt } of members) {
      const newest = batch.records.at(-1);
      if (newest)
        this.metrics.fetchDelaySeconds.observe(labels, secondsBetween(newest.timestamp, receivedAt));
      this.metrics.queuedSeconds.observe(labels, secondsBetween(receivedAt, now));
    }
  }

  /** The transaction that applied `members` committed at `now`. */
  visible(members: readonly QueuedBatch[], now: number): void {
    const labels = { projection: this.projection };
    for (const { batch } of members) {
      const newest = batch.records.at(-1);
      if (newest) this.metrics.visibleSeconds.observe(labels, secondsBetween(newest.timestamp, now));
    }
  }

  /** How far behind its log end a partition is, once `next` is applied. */
  lag(batch: RecordBatch, next: bigint, lastEvent: ShopstreamEvent | undefined): void {
    const labels = this.partitionLabels(batch);
    const lag = BigInt(batch.highWatermark) - next;
    this.metrics.lagEvents.set(labels, Number(lag > 0n ? lag : 0n));
    const occurredAt = lastEvent && 'metadata' in lastEvent ? lastEvent.metadata.occurredAt : undefined;
    this.metrics.lagSeconds.set(
      labels,
      lag > 0n && occurredAt !== undefined ? Math.max(0, (Date.now() - occurredAt) / 1000) : 0,
    );
  }

  /** The log starts above the checkpoint: the events between are gone, and the partition waits. */
  logGap(batch: RecordBatch, checkpoint: bigint, logStart: bigint, firstReport: boolean): void {
    this.metrics.logGapEvents.set(this.partitionLabels(batch), Number(logStart - checkpoint));
    if (!firstReport) return;
    this.log.warn(
      { ...partitionFields(batch), offset: String(checkpoint), code: 'PROJECTION_LOG_GAP' },
      `the log starts at ${logStart}, above the checkpoint ${checkpoint}: ${logStart - checkpoint} events are no ` +
        'longer in the log (retention, or a recreated topic), and the partition waits. Rebuild a read model ' +
        '(`shopstream projections rebuild <name>`); for the processor, see "A gap in the log" in docs/operations.md',
    );
  }

  /** The partition was read from its checkpoint again: no gap. */
  logGapClosed(batch: RecordBatch): void {
    this.metrics.logGapEvents.set(this.partitionLabels(batch), 0);
  }

  /** A transient failure; the chunk starting at `first` is tried again after `delayMs`. */
  retrying(error: unknown, delayMs: number, first: IncomingRecord): void {
    this.metrics.retries.inc({ projection: this.projection });
    this.log.warn({ ...recordFields(first), delayMs }, `${failureMessage(error)}; retrying in ${delayMs} ms`);
  }

  /** Records went to the dead-letter table; `records` are the chunk's, to find their correlation ids. */
  parked(parked: readonly ParkedRecord[], records: readonly IncomingRecord[]): void {
    const byOffset = new Map(records.map((r) => [r.offset, r]));
    for (const p of parked) {
      this.metrics.deadLetters.inc({ projection: this.projection, code: p.errorCode });
      const record = byOffset.get(p.offset);
      this.log.warn(
        {
          ...(record ? recordFields(record) : { ...partitionFields(p), offset: p.offset }),
          key: p.key,
          code: p.errorCode,
        },
        `parked: ${p.message}`,
      );
    }
  }

  nulReplaced(): void {
    this.metrics.nulReplaced.inc({ projection: this.projection });
  }

  /** Queued work failed in a way nothing could sort out: the lane reads its partitions again. */
  rereading(error: unknown): void {
    this.log.error(`${failureMessage(error)}; reading its partitions again from where it stopped`);
  }

  /** The projection cannot be applied pipelined (ProjectionDefinitionError): every batch goes one statement at a time. */
  pipeliningOff(error: Error): void {
    this.log.warn(error.message);
  }

  analyzeFailed(error: unknown): void {
    this.log.warn(
      `analyze failed: ${failureMessage(error)}; its queries keep their current plans until the next analyze, after ` +
        'twice as many events (check that the role may analyze the tables of its schema)',
    );
  }

  private partitionLabels(batch: { readonly topic: string; readonly partition: number }) {
    return { projection: this.projection, topic: batch.topic, partition: String(batch.partition) };
  }
}
