import fc from 'fast-check';
import { AvroNamed, AvroSchema, fullName, isNamed, isRecord } from '@shopstream/events/tooling';

/** A fast-check arbitrary producing any value valid for an Avro schema (named types resolved as Avro does). */
export function arbitraryFor(schema: AvroSchema): fc.Arbitrary<unknown> {
  const named = new Map<string, AvroNamed>();
  const collect = (s: AvroSchema, ns: string | undefined): void => {
    if (Array.isArray(s)) s.forEach((b) => collect(b, ns));
    else if (typeof s === 'object') {
      if (s.type === 'array') collect(s.items, ns);
      else if (s.type === 'map') collect(s.values, ns);
      else if (isNamed(s)) {
        const space = s.namespace ?? ns;
        named.set(fullName(s.name, space), s);
        if (isRecord(s)) s.fields.forEach((f) => collect(f.type, space));
      }
    }
  };
  collect(schema, undefined);

  const build = (s: AvroSchema, ns: string | undefined): fc.Arbitrary<unknown> => {
    if (typeof s === 'string') {
      switch (s) {
        case 'null':
          return fc.constant(null);
        case 'boolean':
          return fc.boolean();
        case 'int':
          return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
        case 'long':
          return fc.maxSafeInteger();
        case 'float':
          return fc.float({ noNaN: true, noDefaultInfinity: true }).map((f) => Math.fround(f));
        case 'double':
          return fc.double({ noNaN: true, noDefaultInfinity: true });
        case 'string':
          return fc.string({ maxLength: 12 });
        case 'bytes':
          return fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b));
        default: {
          const target = named.get(fullName(s, ns)) ?? named.get(s);
          if (!target) throw new Error(`unknown Avro type ${s}`);
          return build(target, target.namespace ?? ns);
        }
      }
    }
    if (Array.isArray(s)) return fc.oneof(...s.map((b) => build(b, ns)));
    switch (s.type) {
      case 'array':
        return fc.array(build(s.items, ns), { maxLength: 3 });
      case 'map':
        return fc.dictionary(fc.string({ maxLength: 5 }), build(s.values, ns), { maxKeys: 3 });
      case 'enum':
        return fc.constantFrom(...s.symbols);
      case 'fixed':
        return fc.uint8Array({ minLength: s.size, maxLength: s.size }).map((b) => Buffer.from(b));
      case 'record':
      case 'error': {
        const space = s.namespace ?? ns;
        return fc.record(Object.fromEntries(s.fields.map((f) => [f.name, build(f.type, space)])));
      }
      default:
        return build(s.type, ns);
    }
  };
  return build(schema, undefined);
}
