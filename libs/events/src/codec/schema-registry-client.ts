import * as http from 'node:http';
import * as https from 'node:https';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { RegistryUnavailableError, SchemaNotRegisteredError, UnknownSchemaIdError } from './codec.errors';

/**
 * Our door to the Confluent-compatible registry API (Apicurio's /apis/ccompat/v7 here). The npm client reads a
 * subject's compatibility before registering and throws when it differs from its own setting, so it is told the
 * project-wide level that the registry also enforces globally.
 */
export class SchemaRegistryClient {
  private readonly registry: SchemaRegistry;

  constructor(
    readonly url: string,
    private readonly requestTimeoutMs = REQUEST_TIMEOUT_MS,
  ) {
    // A fresh connection per request: `up` once hung for good on a request sent over a kept-alive socket that
    // never answered; the npm client sets no timeout of its own.
    const agent = url.startsWith('https:')
      ? new https.Agent({ keepAlive: false })
      : new http.Agent({ keepAlive: false });
    this.registry = new SchemaRegistry({
      host: url,
      agent,
      retry: { retries: 3, initialRetryTimeInSecs: 0.2 },
    });
  }

  /**
   * Registers an Avro schema under `subject`; the same schema again gives the same id, so a registration that got
   * no answer within the request timeout (15 s) is simply sent again, a few times, before the registry counts as unavailable.
   */
  async register(subject: string, schema: object): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { id } = await answeredWithin(
          this.registry.register(
            { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
            { subject, compatibility: COMPATIBILITY.BACKWARD_TRANSITIVE },
          ),
          this.requestTimeoutMs,
        );
        return id;
      } catch (error) {
        if (!(error instanceof NoAnswerError) || attempt >= REGISTER_ATTEMPTS)
          throw this.unavailableOr(error);
      }
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

const REQUEST_TIMEOUT_MS = 15_000;
const REGISTER_ATTEMPTS = 3;

class NoAnswerError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'NoAnswerError';
  }
}

/** `call`'s result, or a NoAnswerError after `ms`; the call itself is left to finish or fail on its own. */
function answeredWithin<T>(call: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswerError(ms)), ms);
  });
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}

function statusOf(error: unknown): number | undefined {
  if (error && typeof error === 'object' && 'status' in error && typeof error.status === 'number')
    return error.status;
  return undefined;
}
