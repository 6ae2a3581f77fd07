import { AvroNamed, AvroSchema, fullName, isNamed, isRecord, PRIMITIVES } from '../schemas/avro-schema';

/** A schema node together with the namespace that short names inside it resolve against. */
export interface ScopedSchema {
  readonly schema: AvroSchema;
  readonly namespace: string | undefined;
}

/**
 * Every named type a schema defines, by full name. Our resolved schemas define a shared type at its first use and
 * refer to it by name afterwards, so a comparison has to follow those references to see the definition.
 */
export function collectNamedTypes(root: AvroSchema): ReadonlyMap<string, AvroNamed> {
  const names = new Map<string, AvroNamed>();
  const walk = (s: AvroSchema, namespace: string | undefined): void => {
    if (typeof s === 'string') return;
    if (Array.isArray(s)) return s.forEach((branch) => walk(branch, namespace));
    if (s.type === 'array') return walk(s.items, namespace);
    if (s.type === 'map') return walk(s.values, namespace);
    if (!isNamed(s)) return;
    const ns = s.namespace ?? namespace;
    names.set(fullName(s.name, ns), s);
    if (isRecord(s)) s.fields.forEach((f) => walk(f.type, ns));
  };
  walk(root, undefined);
  return names;
}

/** Follows a by-name reference to its definition; primitives and unknown names stay as they are. */
export function dereference(node: ScopedSchema, names: ReadonlyMap<string, AvroNamed>): ScopedSchema {
  const { schema, namespace } = node;
  if (typeof schema !== 'string' || PRIMITIVES.has(schema)) return node;
  const named = names.get(fullName(schema, namespace)) ?? names.get(schema);
  return named ? { schema: named, namespace: named.namespace ?? namespace } : node;
}

/** The namespace that names nested inside `schema` resolve against. */
export const innerNamespace = (schema: AvroSchema, outer: string | undefined): string | undefined =>
  isNamed(schema) ? (schema.namespace ?? outer) : outer;

/** A short description for messages: `int`, `record Address`, `array<int>`, `[null, string]`. */
export function describeType(schema: AvroSchema): string {
  if (typeof schema === 'string') return schema;
  if (Array.isArray(schema)) return `[${schema.map(describeType).join(', ')}]`;
  if (schema.type === 'array') return `array<${describeType(schema.items)}>`;
  if (schema.type === 'map') return `map<${describeType(schema.values)}>`;
  if (isNamed(schema)) return `${schema.type} ${schema.name}`;
  return schema.type;
}
