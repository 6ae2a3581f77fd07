import { AvroField, AvroSchema, fullName, isRecord } from '../schemas/avro-schema';
import { isPrimitiveName, LOGICAL_TYPE_NOTES, logicalTypeOf, NamedDefinition } from './avro-named-types';
import { stringLiteral, tsDoc } from './typescript-text';

/** The TypeScript name for a reference to a named Avro type, as written at `namespace`. */
export type ResolveReference = (ref: string, namespace: string | undefined) => string;

// avsc decodes long as a JavaScript number (exact up to 2^53) and bytes as a Buffer.
const PRIMITIVE_TYPES: Readonly<Record<string, string>> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

/** The TypeScript type of values avsc decodes for `schema`. */
export function typeScriptType(
  schema: AvroSchema,
  namespace: string | undefined,
  resolve: ResolveReference,
): string {
  if (typeof schema === 'string')
    return isPrimitiveName(schema) ? PRIMITIVE_TYPES[schema]! : resolve(schema, namespace);
  if (Array.isArray(schema)) {
    // Null goes last (`X | null`) whatever its position in the union; Shopstream only uses nullable unions, which
    // avsc decodes unwrapped.
    const branches = [...schema.filter((b) => b !== 'null'), ...schema.filter((b) => b === 'null')];
    return branches.map((b) => typeScriptType(b, namespace, resolve)).join(' | ');
  }
  switch (schema.type) {
    case 'array': {
      const items = typeScriptType(schema.items, namespace, resolve);
      return `readonly ${items.includes(' | ') ? `(${items})` : items}[]`;
    }
    case 'map':
      return `Readonly<Record<string, ${typeScriptType(schema.values, namespace, resolve)}>>`;
    case 'record':
    case 'error':
    case 'enum':
    case 'fixed':
      return resolve(fullName(schema.name, schema.namespace ?? namespace), undefined);
    default:
      // A primitive written as an object, with or without a logical type: avsc decodes the underlying type.
      return typeScriptType(schema.type, namespace, resolve);
  }
}

/**
 * The exported declaration of a named type: an interface for a record, a string-literal union for an enum, Buffer
 * for a fixed. `discriminant` adds the `type` property an event carries beside its Avro fields.
 */
export function renderDeclaration(
  def: NamedDefinition,
  tsName: string,
  resolve: ResolveReference,
  options: { readonly discriminant?: string; readonly doc?: readonly string[] } = {},
): string {
  const { schema } = def;
  const doc = [('doc' in schema && schema.doc) || '', ...(options.doc ?? [])];
  if (isRecord(schema)) {
    const discriminant = options.discriminant
      ? `${tsDoc(['Wire name of the event; tells events apart. Not an Avro field: the codec sets it.'], '  ')}` +
        `  readonly type: ${stringLiteral(options.discriminant)};\n`
      : '';
    const fields = schema.fields.map((f) => renderField(f, def.namespace, resolve)).join('');
    return `${tsDoc(doc)}export interface ${tsName} {\n${discriminant}${fields}}\n`;
  }
  if (schema.type === 'enum')
    return `${tsDoc(doc)}export type ${tsName} = ${schema.symbols.map(stringLiteral).join(' | ')};\n`;
  return `${tsDoc([...doc, `Avro fixed of ${schema.size} bytes.`])}export type ${tsName} = Buffer;\n`;
}

function renderField(field: AvroField, namespace: string | undefined, resolve: ResolveReference): string {
  const logical = logicalTypeOf(field.type);
  const doc = tsDoc(
    [
      field.doc ?? '',
      logical ? (LOGICAL_TYPE_NOTES[logical] ?? `Avro logical type \`${logical}\`.`) : '',
      // Decoding fills a default in when the writer's schema lacks the field, so the property is never absent.
      'default' in field ? `@defaultValue \`${JSON.stringify(field.default)}\`` : '',
    ],
    '  ',
  );
  return `${doc}  readonly ${field.name}: ${typeScriptType(field.type, namespace, resolve)};\n`;
}
