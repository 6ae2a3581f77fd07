import * as avro from 'avsc';
import { SchemaRegistryClient } from './schema-registry-client';
import { EventSchemaVersion } from '../schemas/schema-tree';
import { IncompatibleSchemaError, InvalidEventError, UnknownEventTypeError } from './codec.errors';
import { frame, unframe } from './confluent-frame';
import { avroType } from './precise-long';
import { EventPayload, UpcasterRegistry } from './upcaster';

/** Any decoded event: the wire name as `type` plus the Avro fields. Generated unions narrow this per topic. */
export interface TypedEvent {
  readonly type: string;
}

type Resolver = ReturnType<avro.Type['createResolver']>;

interface LocalVersion {
  readonly entry: EventSchemaVersion;
  readonly type: avro.Type;
  readonly fingerprint: string;
}

/** How bytes written with one schema id become the current version of an event. */
interface Decoder {
  readonly wireName: string;
  readonly writerVersion: number | null;
  decode(body: Buffer): EventPayload;
}

/**
 * Encodes events into the Confluent frame and decodes any registered version back into the latest one. Both
 * directions cache per schema: the registry is asked at most once per schema id (decode) and per event type
 * (encode), concurrent first calls included, since the cached value is the promise.
 */
export class EventCodec<E extends TypedEvent = TypedEvent> {
  private readonly versions = new Map<string, LocalVersion[]>();
  private readonly writerIds = new Map<string, Promise<number>>();
  private readonly decoders = new Map<number, Promise<Decoder>>();

  constructor(
    private readonly registry: SchemaRegistryClient,
    schemas: readonly EventSchemaVersion[],
    private readonly upcasters = new UpcasterRegistry(),
  ) {
    for (const entry of schemas) {
      const type = avroType(entry.schema);
      const list = this.versions.get(entry.wireName) ?? [];
      list.push({ entry, type, fingerprint: type.fingerprint('sha256').toString('hex') });
      this.versions.set(
        entry.wireName,
        list.sort((a, b) => a.entry.version - b.entry.version),
      );
    }
  }

  /** The topic an event belongs on, from its schema's context. */
  topicOf(event: E): string {
    return this.latest(event.type).entry.topic;
  }

  /** Validates against the latest schema (errors name each field path) and writes the Confluent frame. */
  async encode(event: E): Promise<Buffer> {
    const { type: wireName, ...payload } = event as unknown as EventPayload & { type: string };
    const latest = this.latest(wireName);
    const problems = validate(latest.type, payload);
    if (problems.length) throw new InvalidEventError(wireName, problems);
    return frame(await this.writerId(latest), latest.type.toBuffer(payload));
  }

  /** Encodes with an older version's schema: what a producer still on that version writes. */
  async encodeAsVersion(event: E, version: number): Promise<Buffer> {
    const { type: wireName, ...payload } = event as unknown as EventPayload & { type: string };
    const local = this.latest(wireName, version);
    const problems = validate(local.type, payload);
    if (problems.length) throw new InvalidEventError(wireName, problems);
    return frame(await this.writerId(local), local.type.toBuffer(payload));
  }

  /** Reads any registered version of any known event and returns it as the latest version. */
  async decode(bytes: Buffer | null | undefined): Promise<E> {
    const { schemaId, body } = unframe(bytes);
    let decoder = this.decoders.get(schemaId);
    if (!decoder) {
      decoder = this.buildDecoder(schemaId);
      this.decoders.set(schemaId, decoder);
      // A failed look-up (registry down) must not be cached: the next message tries again.
      decoder.catch(() => this.decoders.delete(schemaId));
    }
    const d = await decoder;
    let payload: EventPayload;
    try {
      payload = d.decode(body);
    } catch (error) {
      throw new InvalidEventError(d.wireName, [
        `Avro body does not match schema id ${schemaId}: ${(error as Error).message}`,
      ]);
    }
    return { type: d.wireName, ...payload } as unknown as E;
  }

  private latest(wireName: string, version?: number): LocalVersion {
    const list = this.versions.get(wireName);
    const found = version === undefined ? list?.at(-1) : list?.find((v) => v.entry.version === version);
    if (!found) throw new UnknownEventTypeError(version === undefined ? wireName : `${wireName} v${version}`);
    return found;
  }

  private writerId(local: LocalVersion): Promise<number> {
    const key = `${local.entry.wireName}@${local.entry.version}`;
    let id = this.writerIds.get(key);
    if (!id) {
      id = this.registry.idOf(local.entry.subject, local.entry.schema, local.entry.version);
      this.writerIds.set(key, id);
      id.catch(() => this.writerIds.delete(key));
    }
    return id;
  }

  private async buildDecoder(schemaId: number): Promise<Decoder> {
    const writerSchema = await this.registry.schemaById(schemaId);
    const writer = avroType(writerSchema);
    const wireName = writer.name;
    if (!wireName || !this.versions.has(wireName))
      throw new UnknownEventTypeError(wireName ?? '(unnamed schema)');
    const versions = this.versions.get(wireName)!;
    const latest = versions.at(-1)!;
    const fingerprint = writer.fingerprint('sha256').toString('hex');
    const writerVersion = versions.find((v) => v.fingerprint === fingerprint)?.entry.version ?? null;

    if (
      writerVersion === null ||
      !this.upcasters.needsUpcasting(wireName, writerVersion, latest.entry.version)
    ) {
      const resolver = resolve(latest.type, writer, wireName, schemaId);
      return {
        wireName,
        writerVersion,
        decode: (body) => latest.type.fromBuffer(body, resolver, true) as EventPayload,
      };
    }
    // Walk the versions one step at a time: upcaster code where one is registered, Avro resolution elsewhere.
    const steps = versions.filter((v) => v.entry.version >= writerVersion);
    const own = resolve(steps[0]!.type, writer, wireName, schemaId);
    return {
      wireName,
      writerVersion,
      decode: (body) => {
        let payload = steps[0]!.type.fromBuffer(body, own, true) as EventPayload;
        for (let i = 0; i + 1 < steps.length; i++) {
          const from = steps[i]!;
          const to = steps[i + 1]!;
          const upcaster = this.upcasters.step(wireName, from.entry.version);
          payload = upcaster
            ? upcaster.upcast(payload)
            : (to.type.fromBuffer(
                from.type.toBuffer(payload),
                to.type.createResolver(from.type),
              ) as EventPayload);
        }
        return payload;
      },
    };
  }
}

function resolve(reader: avro.Type, writer: avro.Type, wireName: string, schemaId: number): Resolver {
  try {
    return reader.createResolver(writer);
  } catch (error) {
    throw new IncompatibleSchemaError(wireName, schemaId, (error as Error).message);
  }
}

/** Every invalid field with its path, e.g. `lines[0].quantity: expected int, got "two"`. */
function validate(type: avro.Type, payload: EventPayload): string[] {
  const problems: string[] = [];
  type.isValid(payload, {
    noUndeclaredFields: true,
    errorHook: (path, value, t) => {
      const where = path.reduce(
        (acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
        '',
      );
      problems.push(
        `${where || '(root)'}: expected ${describe(t)}, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
      );
    },
  });
  return problems;
}

function describe(type: avro.Type): string {
  const name = type.typeName === 'abstract:long' ? 'long' : type.typeName;
  if (name === 'enum') return `one of ${(type as avro.types.EnumType).symbols.join('|')}`;
  if (name === 'record') return `a ${type.name ?? 'record'} record`;
  if (name === 'union:unwrapped' || name === 'union:wrapped') {
    return (type as avro.types.UnwrappedUnionType).types.map(describe).join(' or ');
  }
  return name;
}
