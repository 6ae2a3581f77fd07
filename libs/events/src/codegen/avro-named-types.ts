import { AvroNamed, AvroSchema, fullName, isNamed, isRecord, PRIMITIVES } from '../schemas/avro-schema';

/** A named Avro type (record, enum, fixed) where it is defined, with its full name and the namespace it sets. */
export interface NamedDefinition {
  readonly fullName: string;
  readonly namespace: string | undefined;
  readonly schema: AvroNamed;
}

export const namespaceOf = (name: string): string | undefined =>
  name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : undefined;

export const shortName = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

/** Every named type defined in `schema`, depth first in order of definition, the outermost first. */
export function namedDefinitions(schema: AvroSchema, namespace?: string): NamedDefinition[] {
  const out: NamedDefinition[] = [];
  const walk = (s: AvroSchema, ns: string | undefined): void => {
    if (typeof s === 'string') return;
    if (Array.isArray(s)) return s.forEach((branch) => walk(branch, ns));
    if (s.type === 'array') return walk(s.items, ns);
    if (s.type === 'map') return walk(s.values, ns);
    if (!isNamed(s)) return;
    const name = fullName(s.name, s.namespace ?? ns);
    const own = namespaceOf(name);
    out.push({ fullName: name, namespace: own, schema: s });
    if (isRecord(s)) s.fields.forEach((f) => walk(f.type, own));
  };
  walk(schema, namespace);
  return out;
}

/**
 * The full name a type reference means. Avro resolves a short name against the enclosing namespace first; a name
 * that is not defined there may still be a name in the null namespace.
 */
export function referencedName(
  ref: string,
  namespace: string | undefined,
  known: (name: string) => boolean,
): string {
  const qualified = fullName(ref, namespace);
  return known(qualified) || !known(ref) ? qualified : ref;
}

export const isPrimitiveName = (s: string): boolean => PRIMITIVES.has(s);

/** The logical type of a field's type, looking through a nullable union: `['null', {long, timestamp-millis}]`. */
export function logicalTypeOf(schema: AvroSchema): string | undefined {
  const [single] = nonNullBranches(schema);
  if (single === undefined || nonNullBranches(schema).length !== 1) return undefined;
  return typeof single === 'object' && !Array.isArray(single) && 'logicalType' in single
    ? single.logicalType
    : undefined;
}

/** The branches of a union other than null; a non-union is its own single branch. */
export function nonNullBranches(schema: AvroSchema): AvroSchema[] {
  return Array.isArray(schema) ? schema.filter((b) => b !== 'null') : [schema];
}

/** What an Avro logical type means as a JavaScript value, for docs; avsc decodes them as their underlying type. */
export const LOGICAL_TYPE_NOTES: Readonly<Record<string, string>> = {
  'timestamp-millis': 'Avro `timestamp-millis`: a number of milliseconds since the Unix epoch (UTC).',
  'timestamp-micros': 'Avro `timestamp-micros`: a number of microseconds since the Unix epoch (UTC).',
  'time-millis': 'Avro `time-millis`: a number of milliseconds after midnight.',
  'time-micros': 'Avro `time-micros`: a number of microseconds after midnight.',
  date: 'Avro `date`: a number of days since 1970-01-01.',
  uuid: 'Avro `uuid`: a UUID string.',
  decimal: "Avro `decimal`: the unscaled value as big-endian two's-complement bytes.",
};
