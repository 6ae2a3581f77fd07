import { z } from 'zod';
import { AvroSchema } from '../schemas/avro-schema';
import { RegistryUnavailableError } from '../codec/codec.errors';
import { RegistryResponseError } from './governance.errors';
import { EarlierSchema } from './schema-source';

/** What the registry holds for one local subject, and its own verdict on the local latest schema. */
export interface RegistrySubject {
  readonly subject: string;
  readonly versions: EarlierSchema[];
  /** The registry's compatibility endpoint on the local latest; undefined when the subject is new to it. */
  readonly acceptsLatest: boolean | undefined;
}

const versionList = z.array(z.number().int());
const subjectVersion = z.object({
  version: z.number().int(),
  schema: z.string(),
  schemaType: z.string().optional(),
});
const compatibility = z.object({ is_compatible: z.boolean() });
const avroJson: z.ZodType<AvroSchema> = z.union([
  z.string(),
  z.array(z.lazy(() => avroJson)),
  z.looseObject({ type: z.string() }),
]) as z.ZodType<AvroSchema>;

const CONCURRENCY = 8;
const TIMEOUT_MS = 10_000;

/**
 * Every version the registry holds for each of `latest`'s subjects, plus whether the registry (under its own
 * compatibility level) would accept the local latest schema.
 */
export async function fetchRegistrySchemas(
  url: string,
  latest: ReadonlyMap<string, AvroSchema>,
): Promise<RegistrySubject[]> {
  const base = url.replace(/\/+$/, '');
  const subjects = [...latest.keys()];
  const out: RegistrySubject[] = [];
  for (let i = 0; i < subjects.length; i += CONCURRENCY)
    out.push(
      ...(await Promise.all(
        subjects
          .slice(i, i + CONCURRENCY)
          .map((subject) => fetchSubject(base, subject, latest.get(subject) as AvroSchema)),
      )),
    );
  return out;
}

async function fetchSubject(base: string, subject: string, local: AvroSchema): Promise<RegistrySubject> {
  const s = encodeURIComponent(subject);
  const numbers = await request(base, `/subjects/${s}/versions`, versionList);
  if (numbers === undefined) return { subject, versions: [], acceptsLatest: undefined };
  const versions: EarlierSchema[] = [];
  for (const n of numbers) {
    const v = await request(base, `/subjects/${s}/versions/${n}`, subjectVersion);
    if (!v || (v.schemaType !== undefined && v.schemaType !== 'AVRO')) continue;
    const parsed = avroJson.safeParse(parseJson(v.schema));
    if (!parsed.success)
      throw new RegistryResponseError(`GET ${subject} version ${n}`, 'a schema that is not Avro JSON');
    versions.push({ subject, schema: parsed.data, source: { kind: 'registry', version: v.version } });
  }
  const verdict = await request(base, `/compatibility/subjects/${s}/versions/latest`, compatibility, {
    schema: JSON.stringify(local),
  });
  return { subject, versions, acceptsLatest: verdict?.is_compatible };
}

/** GET (or POST `body`) a ccompat path and parse the answer; undefined for a 404 (subject not registered yet). */
async function request<T>(
  base: string,
  path: string,
  shape: z.ZodType<T>,
  body?: object,
): Promise<T | undefined> {
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new RegistryUnavailableError(base, new Error(reason(error)));
  }
  const text = await response.text();
  if (response.status === 404) return undefined;
  if (!response.ok)
    throw new RegistryResponseError(`${body ? 'POST' : 'GET'} ${path}`, `${response.status}: ${text}`);
  const parsed = shape.safeParse(parseJson(text));
  if (!parsed.success) throw new RegistryResponseError(path, `an unexpected body: ${text.slice(0, 200)}`);
  return parsed.data;
}

/**
 * fetch() hides the socket error (ECONNREFUSED...) in `cause`. Read duck-typed: under Jest, undici's errors come
 * from another realm and fail `instanceof Error`.
 */
function reason(error: unknown): string {
  const field = (value: unknown, key: string): unknown =>
    typeof value === 'object' && value !== null && key in value
      ? (value as Record<string, unknown>)[key]
      : undefined;
  const cause = field(error, 'cause');
  const code = field(cause, 'code') ?? field(error, 'code');
  if (typeof code === 'string') return code;
  if (field(error, 'name') === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000}s`;
  const message = field(cause, 'message') ?? field(error, 'message');
  return typeof message === 'string' ? message : String(error);
}

/** JSON.parse, with anything unparsable turned into undefined for the caller's shape check to reject. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
