import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { RegistryUnavailableError, SchemaNotRegisteredError, UnknownSchemaIdError } from './codec.errors';

/**
 * Our door to the Confluent-compatible registry API (Apicurio's /apis/ccompat/v7 here). The npm client reads a
 * subject's compatibility before registering and throws when it differs from its own setting, so it is told the
 * project-wide level that the registry also enforces globally.
 */
export class SchemaRegistryClient {
  private readonly registry: SchemaRegistry;

  constructor(readonly url: string) {
    this.registry = new SchemaRegistry({ host: url, retry: { retries: 3, initialRetryTimeInSecs: 0.2 } });
  }

  /** Registers an Avro schema under `subject`; the same schema again gives the same id. */
  async register(subject: string, schema: object): Promise<number> {
    try {
      const { id } = await this.registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
        { subject, compatibility: COMPATIBILITY.BACKWARD_TRANSITIVE },
      );
      return id;
    } catch (error) {
      throw this.unavailableOr(error);
    }
  }

  /** The id under which `schema` is registered in `subject`. */
  async idOf(subject: string, schema: object, version: number): Promise<number> {
    try {
      return await this.registry.getRegistryIdBySchema(subject, {
        type: SchemaType.AVRO,
        schema: JSON.stringify(schema),
      });
    } catch (error) {
      if (statusOf(error) === 404) throw new SchemaNotRegisteredError(subject, version);
      throw this.unavailableOr(error);
    }
  }

  /** The schema JSON registered under `id`. */
  async schemaById(id: number): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.url}/schemas/ids/${id}`, { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new RegistryUnavailableError(this.url, error);
    }
    if (response.status === 404) throw new UnknownSchemaIdError(id);
    if (!response.ok)
      throw new RegistryUnavailableError(this.url, new Error(`HTTP ${response.status} for schema id ${id}`));
    const body = (await response.json()) as { schema?: unknown };
    if (typeof body.schema !== 'string')
      throw new RegistryUnavailableError(this.url, new Error(`schema id ${id}: answer has no schema text`));
    return JSON.parse(body.schema);
  }

  /** Confluent wire format encode through the npm client (used where no local schema is involved). */
  async encode(schemaId: number, value: unknown): Promise<Buffer> {
    return this.registry.encode(schemaId, value);
  }

  async decode<T>(bytes: Buffer): Promise<T> {
    return (await this.registry.decode(bytes)) as T;
  }

  private unavailableOr(error: unknown): unknown {
    const status = statusOf(error);
    // The npm client reports a refused connection as a ResponseError with status 400: look at the cause too.
    const message = error instanceof Error ? error.message : String(error);
    const unreachable = /ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|socket hang up/i.test(message);
    return status === undefined || status >= 500 || unreachable
      ? new RegistryUnavailableError(this.url, error)
      : error;
  }
}

function statusOf(error: unknown): number | undefined {
  if (error && typeof error === 'object' && 'status' in error && typeof error.status === 'number')
    return error.status;
  return undefined;
}
