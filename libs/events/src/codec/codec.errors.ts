/**
 * Errors of the event codec. Each has a stable `code` that consumers switch on: all but REGISTRY_UNAVAILABLE are
 * permanent for the bytes at hand (retrying can't help, so a consumer parks the message); REGISTRY_UNAVAILABLE is
 * transient (retry with backoff).
 */
export abstract class EventCodecError extends Error {
  abstract readonly code: string;
  readonly transient: boolean = false;
}

export class NotConfluentFrameError extends EventCodecError {
  readonly code = 'EVENT_NOT_FRAMED';
  constructor(reason: string) {
    super(
      `Not a Confluent-framed Avro message: ${reason}. Producers must write magic byte 0, a 4-byte schema id, then Avro.`,
    );
    this.name = 'NotConfluentFrameError';
  }
}

export class UnknownSchemaIdError extends EventCodecError {
  readonly code = 'SCHEMA_ID_UNKNOWN';
  constructor(readonly schemaId: number) {
    super(
      `Schema id ${schemaId} is not in the registry: the message was written against another registry, or the registry lost its data.`,
    );
    this.name = 'UnknownSchemaIdError';
  }
}

export class UnknownEventTypeError extends EventCodecError {
  readonly code = 'EVENT_TYPE_UNKNOWN';
  constructor(readonly wireName: string) {
    super(
      `Event type ${wireName} has no schema in schemas/: add it there (and regenerate types) before producing or consuming it.`,
    );
    this.name = 'UnknownEventTypeError';
  }
}

export class IncompatibleSchemaError extends EventCodecError {
  readonly code = 'SCHEMA_INCOMPATIBLE';
  constructor(wireName: string, schemaId: number, reason: string) {
    super(
      `Events of ${wireName} written with schema id ${schemaId} can't be read with the current schema: ${reason}`,
    );
    this.name = 'IncompatibleSchemaError';
  }
}

export class InvalidEventError extends EventCodecError {
  readonly code = 'EVENT_INVALID';
  constructor(
    readonly wireName: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${wireName}: ${problems.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

export class SchemaNotRegisteredError extends EventCodecError {
  readonly code = 'SCHEMA_NOT_REGISTERED';
  constructor(subject: string, version: number) {
    super(
      `Subject ${subject} has no version matching schemas/ v${version}: run \`npx shopstream schemas register\` (part of \`up\`).`,
    );
    this.name = 'SchemaNotRegisteredError';
  }
}

export class RegistryUnavailableError extends EventCodecError {
  readonly code = 'REGISTRY_UNAVAILABLE';
  override readonly transient = true;
  constructor(url: string, cause: unknown) {
    super(
      `Schema registry at ${url} did not answer (${cause instanceof Error ? cause.message : String(cause)}): start it with \`npx shopstream up\`.`,
      { cause },
    );
    this.name = 'RegistryUnavailableError';
  }
}
