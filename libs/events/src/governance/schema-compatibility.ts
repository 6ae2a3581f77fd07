import {
  AvroEnum,
  AvroField,
  AvroNamed,
  AvroRecord,
  AvroSchema,
  fullName,
  isNamed,
  isRecord,
} from '../schemas/avro-schema';
import { CompatibilityRule, CompatibilityViolation, violation } from './compatibility-violation';
import { collectNamedTypes, dereference, describeType, innerNamespace, ScopedSchema } from './named-types';

/** Writer type -> reader types Avro schema resolution promotes it to. Anything else must match exactly. */
const PROMOTIONS: Readonly<Record<string, readonly string[]>> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

interface Direction {
  readonly rule: CompatibilityRule;
  readonly writerNames: ReadonlyMap<string, AvroNamed>;
  readonly readerNames: ReadonlyMap<string, AvroNamed>;
  /** Record pairs being compared further up: a recursive type would otherwise never end. */
  readonly visiting: Set<string>;
}

/**
 * Violations that stop `next` from replacing `previous` as an event's schema. Our events are read in both
 * directions (new services replay old events; other teams' old consumers read new ones), so this checks the
 * Avro resolution rules both ways: BACKWARD with `next` reading `previous`, FORWARD with `previous` reading `next`.
 */
export function checkCompatibility(previous: AvroSchema, next: AvroSchema): CompatibilityViolation[] {
  const prevNames = collectNamedTypes(previous);
  const nextNames = collectNamedTypes(next);
  const root = (schema: AvroSchema): ScopedSchema => ({ schema, namespace: undefined });
  return [
    ...resolve(root(previous), root(next), '', {
      rule: 'BACKWARD',
      writerNames: prevNames,
      readerNames: nextNames,
      visiting: new Set(),
    }),
    ...resolve(root(next), root(previous), '', {
      rule: 'FORWARD',
      writerNames: nextNames,
      readerNames: prevNames,
      visiting: new Set(),
    }),
  ];
}

/** Can data written with `writer` be read with `reader`? Messages always speak of previous -> next. */
function resolve(
  writerNode: ScopedSchema,
  readerNode: ScopedSchema,
  path: string,
  d: Direction,
): CompatibilityViolation[] {
  const w = dereference(writerNode, d.writerNames);
  const r = dereference(readerNode, d.readerNames);
  const changed = (detail = '') => [
    violation(d.rule, path, `changed type ${fromTo(w.schema, r.schema, d)}${detail}`),
  ];

  if (Array.isArray(w.schema)) {
    // Every branch the writer may have used must still be readable.
    return w.schema.flatMap((branch) => {
      const wb = dereference({ schema: branch, namespace: w.namespace }, d.writerNames);
      const rb = Array.isArray(r.schema) ? pickBranch(wb, r, d) : matches(wb, r) ? r : undefined;
      return rb ? resolve(wb, rb, path, d) : changed(`: branch ${describeType(wb.schema)} has no match`);
    });
  }
  if (Array.isArray(r.schema)) {
    const rb = pickBranch(w, r, d);
    return rb ? resolve(w, rb, path, d) : changed();
  }
  if (isNamed(w.schema) && isNamed(r.schema) && baseType(w.schema) === baseType(r.schema) && !matches(w, r)) {
    const [from, to] = ordered(w.schema, r.schema, d);
    const why = d.rule === 'BACKWARD' ? 'without an alias' : '(an alias only helps new readers)';
    return [violation(d.rule, path, `renamed ${from.type} ${from.name} -> ${to.name} ${why}`)];
  }
  if (!matches(w, r)) return changed();

  const ws = w.schema;
  const rs = r.schema;
  if (typeof ws === 'string' || typeof rs === 'string') return [];
  if (ws.type === 'array' && rs.type === 'array')
    return resolve(
      { schema: ws.items, namespace: w.namespace },
      { schema: rs.items, namespace: r.namespace },
      `${path}[]`,
      d,
    );
  if (ws.type === 'map' && rs.type === 'map')
    return resolve(
      { schema: ws.values, namespace: w.namespace },
      { schema: rs.values, namespace: r.namespace },
      `${path}{}`,
      d,
    );
  if (isRecord(ws) && isRecord(rs)) return resolveRecord(ws, w.namespace, rs, r.namespace, path, d);
  if (ws.type === 'enum' && rs.type === 'enum') return resolveEnum(ws, rs, path, d);
  if (ws.type === 'fixed' && rs.type === 'fixed' && ws.size !== rs.size) {
    const [from, to] = ordered(ws, rs, d);
    return [violation(d.rule, path, `changed fixed ${ws.name} size ${from.size} -> ${to.size}`)];
  }
  return [];
}

function resolveRecord(
  writer: AvroRecord,
  writerOuter: string | undefined,
  reader: AvroRecord,
  readerOuter: string | undefined,
  path: string,
  d: Direction,
): CompatibilityViolation[] {
  const wns = innerNamespace(writer, writerOuter);
  const rns = innerNamespace(reader, readerOuter);
  const key = `${fullName(writer.name, wns)}|${fullName(reader.name, rns)}`;
  if (d.visiting.has(key)) return [];
  d.visiting.add(key);
  const found = reader.fields.flatMap((readerField) => resolveField(writer, wns, readerField, rns, path, d));
  d.visiting.delete(key);
  return found;
}

function resolveField(
  writer: AvroRecord,
  wns: string | undefined,
  readerField: AvroField,
  rns: string | undefined,
  path: string,
  d: Direction,
): CompatibilityViolation[] {
  const writerField = findWriterField(writer, readerField);
  const fieldPath = path ? `${path}.${readerField.name}` : readerField.name;
  if (writerField)
    return resolve(
      { schema: writerField.type, namespace: wns },
      { schema: readerField.type, namespace: rns },
      fieldPath,
      d,
    );
  if (readerField.default !== undefined) return [];
  if (d.rule === 'BACKWARD') return [violation(d.rule, fieldPath, 'added without a default')];
  const renamedTo = writer.fields.find((f) => f.aliases?.includes(readerField.name));
  return [
    violation(
      d.rule,
      fieldPath,
      renamedTo
        ? `renamed to '${renamedTo.name}' without a default (an alias only helps new readers)`
        : 'removed without a default',
    ),
  ];
}

/** Avro matches a reader field to the writer's field of the same name, else to one named by the reader's aliases. */
function findWriterField(writer: AvroRecord, readerField: AvroField): AvroField | undefined {
  return (
    writer.fields.find((f) => f.name === readerField.name) ??
    writer.fields.find((f) => readerField.aliases?.includes(f.name))
  );
}

function resolveEnum(
  writer: AvroEnum,
  reader: AvroEnum,
  path: string,
  d: Direction,
): CompatibilityViolation[] {
  const unknown = writer.symbols.filter((s) => !reader.symbols.includes(s));
  if (!unknown.length || (reader.default !== undefined && reader.symbols.includes(reader.default))) return [];
  const list = unknown.join(', ');
  return [
    violation(
      d.rule,
      path,
      d.rule === 'BACKWARD'
        ? `enum ${reader.name} symbol(s) ${list} removed without an enum default`
        : `enum ${reader.name} symbol(s) ${list} added, and the previous enum has no default`,
    ),
  ];
}

/** Whether a reader (non-union) type accepts what the writer wrote, looking no deeper than the type itself. */
function matches(w: ScopedSchema, r: ScopedSchema): boolean {
  const wt = baseType(w.schema);
  const rt = baseType(r.schema);
  if (wt !== rt) return PROMOTIONS[wt]?.includes(rt) ?? false;
  if (isNamed(w.schema) && isNamed(r.schema)) return sameName(w.schema, r.schema);
  // An unresolved name on both sides: compare the names.
  if (typeof w.schema === 'string' && typeof r.schema === 'string')
    return fullName(w.schema, w.namespace) === fullName(r.schema, r.namespace);
  return true;
}

/** The reader's union branch Avro would pick: the first of the same type, else the first the writer promotes to. */
function pickBranch(w: ScopedSchema, r: ScopedSchema, d: Direction): ScopedSchema | undefined {
  const branches = (r.schema as AvroSchema[]).map((b) =>
    dereference({ schema: b, namespace: r.namespace }, d.readerNames),
  );
  return (
    branches.find((b) => baseType(b.schema) === baseType(w.schema) && matches(w, b)) ??
    branches.find((b) => matches(w, b))
  );
}

/** `int` for `int` and for `{type: int, logicalType: date}`; `record`, `enum`, `array`... otherwise. */
function baseType(schema: AvroSchema): string {
  if (typeof schema === 'string') return schema;
  if (Array.isArray(schema)) return 'union';
  return schema.type === 'error' ? 'record' : schema.type;
}

/** Avro resolves named types by unqualified name, or by a name the reader lists among its aliases. */
function sameName(writer: AvroNamed, reader: AvroNamed): boolean {
  const short = (name: string) => name.slice(name.lastIndexOf('.') + 1);
  if (short(writer.name) === short(reader.name)) return true;
  const aliases = 'aliases' in reader ? (reader.aliases ?? []) : [];
  return aliases.some((a) => short(a) === short(writer.name));
}

function ordered<T>(writer: T, reader: T, d: Direction): [previous: T, next: T] {
  return d.rule === 'BACKWARD' ? [writer, reader] : [reader, writer];
}

function fromTo(writer: AvroSchema, reader: AvroSchema, d: Direction): string {
  const [from, to] = ordered(writer, reader, d);
  return `${describeType(from)} -> ${describeType(to)}`;
}
