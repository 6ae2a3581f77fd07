import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';

/**
 * Our door to the Confluent-compatible registry API (Apicurio's /apis/ccompat/v7 here). The npm client reads a
 * subject's compatibility before registering and throws when it differs from its own setting, so it is told the
 * project-wide level that the registry enforces globally.
 */
export class SchemaRegistryClient {
  private readonly registry: SchemaRegistry;

  constructor(readonly url: string) {
    this.registry = new SchemaRegistry({ host: url, retry: { retries: 3, initialRetryTimeInSecs: 0.2 } });
  }

  /** Registers an Avro schema under `subject` (idempotent: the same schema gives the same id). */
  async register(subject: string, schema: object): Promise<number> {
    const { id } = await this.registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject, compatibility: COMPATIBILITY.BACKWARD_TRANSITIVE },
    );
    return id;
  }

  /** Confluent wire format: magic byte 0, four-byte schema id, Avro body. */
  async encode(schemaId: number, value: unknown): Promise<Buffer> {
    return this.registry.encode(schemaId, value);
  }

  async decode<T>(bytes: Buffer): Promise<T> {
    return (await this.registry.decode(bytes)) as T;
  }
}
