import { AvroField, AvroNamed, AvroSchema, fullName, isNamed, isRecord, PRIMITIVES } from './avro-schema';
import { SchemaFileError } from './schemas.errors';

/** One file of the schemas/ tree: its path relative to the repository root and its text. */
export interface SchemaFile {
  readonly path: string;
  readonly content: string;
}

/** One version of one event, with the shared types it uses inlined so it stands alone in the registry. */
export interface EventSchemaVersion {
  /** Explicit, versioned wire name: the Avro full name, e.g. shopstream.orders.OrderPlaced. */
  readonly wireName: string;
  readonly name: string;
  readonly context: string;
  readonly topic: string;
  /** TopicRecordNameStrategy: `<topic>-<record full name>`; every version of an event shares it. */
  readonly subject: string;
  readonly version: number;
  readonly file: string;
  readonly doc: string;
  readonly schema: AvroNamed;
}

const EVENT_FILE = /^schemas\/([a-z]+)\/([a-z0-9-]+)\.v(\d+)\.avsc$/;
const COMMON_FILE = /^schemas\/common\/([a-z0-9-]+)\.avsc$/;

export const kebabCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
export const topicOfContext = (context: string) => `shopstream.${context}`;
export const subjectOf = (topic: string, wireName: string) => `${topic}-${wireName}`;

/**
 * Reads the schemas/ convention: `schemas/<context>/<event-name>.v<N>.avsc` holds one event version in namespace
 * `shopstream.<context>` (topic `shopstream.<context>`); `schemas/common/<type>.avsc` holds shared named types that
 * events use by full name and that are inlined here. Pure, so the same code reads today's files and any git commit's.
 */
export function resolveSchemaTree(files: readonly SchemaFile[]): EventSchemaVersion[] {
  const problems: string[] = [];
  const common = new Map<string, AvroNamed>();
  const parsed: { file: string; context: string; kebab: string; version: number; schema: AvroSchema }[] = [];

  for (const file of files) {
    let json: AvroSchema;
    try {
      json = JSON.parse(file.content) as AvroSchema;
    } catch (error) {
      problems.push(`${file.path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const commonMatch = COMMON_FILE.exec(file.path);
    if (commonMatch) {
      if (!isNamed(json)) problems.push(`${file.path}: a common type must be a named record, enum or fixed`);
      else common.set(fullName(json.name, json.namespace), json);
      continue;
    }
    const eventMatch = EVENT_FILE.exec(file.path);
    if (!eventMatch) {
      problems.push(
        `${file.path}: name it schemas/<context>/<event-name>.v<N>.avsc or schemas/common/<type>.avsc`,
      );
      continue;
    }
    parsed.push({
      file: file.path,
      context: eventMatch[1]!,
      kebab: eventMatch[2]!,
      version: Number(eventMatch[3]),
      schema: json,
    });
  }

  const events: EventSchemaVersion[] = [];
  for (const p of parsed) {
    const { schema } = p;
    if (!isRecord(schema)) {
      problems.push(`${p.file}: an event must be an Avro record`);
      continue;
    }
    const namespace = `shopstream.${p.context}`;
    if (schema.namespace !== namespace)
      problems.push(`${p.file}: namespace must be ${namespace}, is ${schema.namespace ?? '(none)'}`);
    if (kebabCase(schema.name) !== p.kebab)
      problems.push(
        `${p.file}: record ${schema.name} belongs in ${kebabCase(schema.name)}.v${p.version}.avsc`,
      );
    problems.push(...missingDocs(schema, p.file));
    let inlined: AvroNamed;
    try {
      inlined = inlineNamedTypes(schema, common) as AvroNamed;
    } catch (error) {
      problems.push(`${p.file}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const wireName = fullName(schema.name, schema.namespace);
    const topic = topicOfContext(p.context);
    events.push({
      wireName,
      name: schema.name,
      context: p.context,
      topic,
      subject: subjectOf(topic, wireName),
      version: p.version,
      file: p.file,
      doc: schema.doc ?? '',
      schema: inlined,
    });
  }

  const byWire = new Map<string, number[]>();
  for (const e of events) byWire.set(e.wireName, [...(byWire.get(e.wireName) ?? []), e.version]);
  for (const [wire, versions] of byWire) {
    const sorted = [...versions].sort((a, b) => a - b);
    if (sorted.some((v, i) => v !== i + 1))
      problems.push(`${wire}: versions must run 1, 2, 3...; found ${sorted.join(', ')}`);
  }
  if (problems.length) throw new SchemaFileError(problems);
  return events.sort((a, b) => a.wireName.localeCompare(b.wireName) || a.version - b.version);
}

/** Every record, field and enum needs a doc: the schemas are the contract other teams read. */
function missingDocs(schema: AvroSchema, file: string, path = ''): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s) => missingDocs(s, file, path));
  if (typeof schema !== 'object') return [];
  if (schema.type === 'array') return missingDocs(schema.items, file, `${path}[]`);
  if (schema.type === 'map') return missingDocs(schema.values, file, `${path}{}`);
  if (!isRecord(schema)) return [];
  const own = schema.doc ? [] : [`${file}: record ${schema.name} has no doc`];
  return [
    ...own,
    ...schema.fields.flatMap((f: AvroField) => [
      ...(f.doc ? [] : [`${file}: field ${path}${f.name} has no doc`]),
      ...missingDocs(f.type, file, `${path}${f.name}.`),
    ]),
  ];
}

/**
 * Replaces references to common types with their definitions, the first time each appears (Avro allows a named
 * type to be defined once per schema; later uses stay references).
 */
export function inlineNamedTypes(schema: AvroSchema, common: ReadonlyMap<string, AvroNamed>): AvroSchema {
  const defined = new Set<string>();
  const walk = (s: AvroSchema, namespace: string | undefined): AvroSchema => {
    if (typeof s === 'string') {
      if (PRIMITIVES.has(s)) return s;
      const name = fullName(s, namespace);
      if (defined.has(name) || defined.has(s)) return s;
      const shared = common.get(name) ?? common.get(s);
      if (!shared)
        throw new Error(`unknown type "${s}" (not a primitive, not defined above, not in schemas/common/)`);
      return walk(structuredClone(shared), shared.namespace);
    }
    if (Array.isArray(s)) return s.map((branch) => walk(branch, namespace));
    if (s.type === 'array') return { ...s, items: walk(s.items, namespace) };
    if (s.type === 'map') return { ...s, values: walk(s.values, namespace) };
    if (isNamed(s)) {
      const ns = s.namespace ?? namespace;
      defined.add(fullName(s.name, ns));
      if (isRecord(s)) {
        const fields = s.fields.map((f) => ({ ...f, type: walk(f.type, ns) }));
        return { ...s, ...(ns ? { namespace: ns } : {}), fields };
      }
      return { ...s, ...(ns ? { namespace: ns } : {}) };
    }
    return s;
  };
  return walk(schema, undefined);
}
