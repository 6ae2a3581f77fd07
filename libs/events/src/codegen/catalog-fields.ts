import { AvroNamed, AvroSchema, fullName, isRecord } from '../schemas/avro-schema';
import {
  isPrimitiveName,
  NamedDefinition,
  namedDefinitions,
  nonNullBranches,
  referencedName,
  shortName,
} from './avro-named-types';

/** One row of an event's field table: `lines[].sku`, its Avro type in words, and what it means. */
export interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly doc: string;
}

/**
 * Every field of an event, nested records flattened into paths (`shippingAddress.city`, `lines[].sku`, `attrs{}.x`
 * for map values), so a reader sees the whole payload in one table. A record that contains itself is listed once.
 */
export function fieldRows(schema: AvroNamed): FieldRow[] {
  const defs = new Map(namedDefinitions(schema).map((d) => [d.fullName, d]));
  const lookup = (s: AvroSchema, ns: string | undefined): NamedDefinition | undefined => {
    if (typeof s === 'string')
      return isPrimitiveName(s) ? undefined : defs.get(referencedName(s, ns, (n) => defs.has(n)));
    if (Array.isArray(s) || !('name' in s)) return undefined;
    return defs.get(fullName(s.name, s.namespace ?? ns));
  };
  const describe = (s: AvroSchema, ns: string | undefined): string => {
    if (Array.isArray(s)) return s.map((b) => describe(b, ns)).join(' | ');
    if (typeof s === 'string') return isPrimitiveName(s) ? s : shortName(lookup(s, ns)?.fullName ?? s);
    if (s.type === 'array') return `array<${describe(s.items, ns)}>`;
    if (s.type === 'map') return `map<${describe(s.values, ns)}>`;
    if ('name' in s) return shortName(fullName(s.name, s.namespace ?? ns));
    // A primitive written as an object, with or without a logical type.
    const { type } = s;
    return 'logicalType' in s ? `${type} (${s.logicalType})` : type;
  };

  const rows: FieldRow[] = [];
  const walk = (record: NamedDefinition, prefix: string, open: readonly string[]) => {
    if (!isRecord(record.schema)) return;
    for (const field of record.schema.fields) {
      const path = `${prefix}${field.name}`;
      const { inner, suffix } = unwrapContainers(field.type);
      const named = inner === undefined ? undefined : lookup(inner, record.namespace);
      const symbols = named?.schema.type === 'enum' ? named.schema.symbols : undefined;
      rows.push({
        path,
        type: describe(field.type, record.namespace),
        doc: [
          field.doc ?? '',
          symbols ? `One of ${symbols.map((s) => `\`${s}\``).join(', ')}.` : '',
          'default' in field ? `Default \`${JSON.stringify(field.default)}\`.` : '',
        ]
          .filter(Boolean)
          .join(' '),
      });
      if (named && isRecord(named.schema) && !open.includes(named.fullName))
        walk(named, `${path}${suffix}.`, [...open, named.fullName]);
    }
  };
  const root = namedDefinitions(schema)[0]!;
  walk(root, '', [root.fullName]);
  return rows;
}

/** Looks through a nullable union, arrays and maps to the type a field ultimately holds, and the path suffix. */
function unwrapContainers(type: AvroSchema): { inner: AvroSchema | undefined; suffix: string } {
  const branches = nonNullBranches(type);
  if (branches.length !== 1) return { inner: undefined, suffix: '' };
  const [only] = branches as [AvroSchema];
  if (typeof only === 'object' && !Array.isArray(only)) {
    if (only.type === 'array') {
      const nested = unwrapContainers(only.items);
      return { inner: nested.inner, suffix: `[]${nested.suffix}` };
    }
    if (only.type === 'map') {
      const nested = unwrapContainers(only.values);
      return { inner: nested.inner, suffix: `{}${nested.suffix}` };
    }
  }
  return { inner: only, suffix: '' };
}
