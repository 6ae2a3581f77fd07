/** Kafka could not be reached or answered with an error; the message says which brokers were tried. */
export class KafkaUnavailableError extends Error {
  readonly code = 'KAFKA_UNAVAILABLE';
  constructor(brokers: readonly string[], cause: unknown) {
    super(
      `Kafka at ${brokers.join(',')} did not answer: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Start it with `npx shopstream up` or point SHOPSTREAM_KAFKA_BROKERS at a running cluster.',
      { cause },
    );
    this.name = 'KafkaUnavailableError';
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
