import { AvroSchema, isNamed, isRecord } from '../schemas/avro-schema';

/**
 * A stable text for a schema, used to de-duplicate the earlier schemas of a subject: keys sorted, docs dropped
 * (rewording a doc changes no reader), everything that affects resolution (names, aliases, defaults) kept.
 */
export function canonicalSchema(schema: AvroSchema): string {
  return JSON.stringify(strip(schema));
}

function strip(schema: AvroSchema): unknown {
  if (typeof schema === 'string') return schema;
  if (Array.isArray(schema)) return schema.map(strip);
  if (schema.type === 'array') return sortKeys({ ...schema, items: strip(schema.items) });
  if (schema.type === 'map') return sortKeys({ ...schema, values: strip(schema.values) });
  if (!isNamed(schema)) return sortKeys(schema);
  const rest: Record<string, unknown> = { ...schema };
  delete rest.doc;
  if (!isRecord(schema)) return sortKeys(rest);
  return sortKeys({
    ...rest,
    fields: schema.fields.map(({ doc: _fieldDoc, type, ...f }) => sortKeys({ ...f, type: strip(type) })),
  });
}

/** Sorts object keys at every depth; default values are data, so only their key order is normalised. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}
