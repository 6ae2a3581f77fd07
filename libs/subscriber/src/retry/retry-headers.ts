import type { IncomingRecord } from '@shopstream/kafka';

/**
 * Header names of Spring Kafka's DeadLetterPublishingRecoverer and retry topics, written as text. Every record
 * forwarded to a retry or dead-letter topic carries them, so the last hop still names where the event came from.
 */
export const RETRY_HEADERS = {
  originalTopic: 'kafka_dlt-original-topic',
  originalPartition: 'kafka_dlt-original-partition',
  originalOffset: 'kafka_dlt-original-offset',
  originalTimestamp: 'kafka_dlt-original-timestamp',
  originalGroup: 'kafka_dlt-original-consumer-group',
  exceptionClass: 'kafka_dlt-exception-fqcn',
  exceptionMessage: 'kafka_dlt-exception-message',
  exceptionStacktrace: 'kafka_dlt-exception-stacktrace',
  attempts: 'retry_topic-attempts',
  dueAt: 'retry_topic-backoff-timestamp',
  /** Ours: the record did not fail, it was moved to stay behind an earlier event of its key (per-key order). */
  heldBehind: 'shopstream_retry-held-behind',
} as const;

/** Where an event was first published, and how often it has been tried. */
export interface RecordOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: number;
  readonly group: string | null;
  /** Attempts made so far (0 for a record read from its own topic). */
  readonly attempts: number;
}

/** The origin of a record: from its headers when it was forwarded, else the record itself. */
export function originOf(record: IncomingRecord): RecordOrigin {
  const h = record.headers;
  const topic = h[RETRY_HEADERS.originalTopic];
  if (topic === undefined)
    return {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      group: null,
      attempts: 0,
    };
  return {
    topic,
    partition: toInt(h[RETRY_HEADERS.originalPartition], record.partition),
    offset: h[RETRY_HEADERS.originalOffset] ?? record.offset,
    timestamp: toInt(h[RETRY_HEADERS.originalTimestamp], record.timestamp),
    group: h[RETRY_HEADERS.originalGroup] ?? null,
    attempts: toInt(h[RETRY_HEADERS.attempts], 0),
  };
}

/** When a record of a retry topic may be tried again (epoch ms); now for a record without the header. */
export function dueAtOf(record: IncomingRecord): number {
  return toInt(record.headers[RETRY_HEADERS.dueAt], 0);
}

export interface ForwardReason {
  readonly error: unknown;
  readonly attempts: number;
  readonly dueAt: number;
  readonly heldBehind: boolean;
}

/** Headers for the forwarded copy of `record`: its own, with the origin and the failure written over them. */
export function forwardHeaders(
  record: IncomingRecord,
  group: string,
  reason: ForwardReason,
): Record<string, string> {
  const origin = originOf(record);
  const error = reason.error instanceof Error ? reason.error : null;
  const headers: Record<string, string> = {
    ...record.headers,
    [RETRY_HEADERS.originalTopic]: origin.topic,
    [RETRY_HEADERS.originalPartition]: String(origin.partition),
    [RETRY_HEADERS.originalOffset]: origin.offset,
    [RETRY_HEADERS.originalTimestamp]: String(origin.timestamp),
    [RETRY_HEADERS.originalGroup]: group,
    [RETRY_HEADERS.attempts]: String(reason.attempts),
    [RETRY_HEADERS.dueAt]: String(reason.dueAt),
  };
  if (reason.heldBehind) {
    headers[RETRY_HEADERS.heldBehind] = 'true';
  } else {
    delete headers[RETRY_HEADERS.heldBehind];
    headers[RETRY_HEADERS.exceptionClass] = error ? error.name : typeof reason.error;
    headers[RETRY_HEADERS.exceptionMessage] = error ? error.message : String(reason.error);
    headers[RETRY_HEADERS.exceptionStacktrace] = error?.stack ?? '';
  }
  return headers;
}

function toInt(text: string | undefined, fallback: number): number {
  if (text === undefined || !/^-?\d+$/.test(text)) return fallback;
  return Number(text);
}
