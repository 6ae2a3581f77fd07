/** Kafka could not be reached or answered with an error; the message says which brokers were tried. */
export class KafkaUnavailableError extends Error {
  readonly code: string = 'KAFKA_UNAVAILABLE';
  constructor(brokers: readonly string[], cause: unknown) {
    super(
      `Kafka at ${brokers.join(',')} did not answer: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Start it with `npx shopstream up` or point SHOPSTREAM_KAFKA_BROKERS at a running cluster.',
      { cause },
    );
    this.name = 'KafkaUnavailableError';
  }
}

/**
 * Some records of a send were not acknowledged by their partition's leader (a broker died, or an answer left their
 * partition out). They may not be in the log: the caller must send them again or fail its own caller. `acknowledged`
 * holds, by input index, the records that were written, so they are not sent twice.
 */
export class RecordsNotAcknowledgedError extends KafkaUnavailableError {
  override readonly code = 'KAFKA_RECORDS_NOT_ACKNOWLEDGED';
  constructor(
    brokers: readonly string[],
    readonly acknowledged: ReadonlyMap<number, { topic: string; partition: number; offset: string }>,
    readonly unacknowledged: number,
    cause: unknown,
  ) {
    super(brokers, cause);
    this.message = `${unacknowledged} record(s) were not acknowledged by Kafka at ${brokers.join(',')}: ${
      cause instanceof Error ? cause.message : String(cause)
    }. They are not known to be written; send them again (the producer is idempotent) once the cluster has a leader for their partitions.`;
    this.name = 'RecordsNotAcknowledgedError';
  }
}

/** The topic catalog file is malformed. */
export class TopicCatalogError extends Error {
  readonly code = 'TOPIC_CATALOG_INVALID';
  constructor(file: string, problems: readonly string[]) {
    super(`Topic catalog ${file} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TopicCatalogError';
  }
}

/** A retry or dead-letter topic was asked for a topic that does not exist. */
export class SourceTopicMissingError extends Error {
  readonly code = 'SOURCE_TOPIC_MISSING';
  constructor(source: string, derived: string) {
    super(
      `Cannot create ${derived}: its source topic ${source} does not exist. Create ${source} first ` +
        '(`npx shopstream up` creates the platform topics), or check the topic name you subscribed to.',
    );
    this.name = 'SourceTopicMissingError';
  }
}
