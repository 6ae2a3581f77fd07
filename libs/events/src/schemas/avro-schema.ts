/** The subset of Avro schema JSON the platform reads and writes. */
export type AvroSchema = string | AvroSchema[] | AvroNamed | AvroArray | AvroMap | AvroLogical;

export interface AvroField {
  name: string;
  type: AvroSchema;
  doc?: string;
  default?: unknown;
  aliases?: string[];
}

export interface AvroRecord {
  type: 'record' | 'error';
  name: string;
  namespace?: string;
  doc?: string;
  aliases?: string[];
  fields: AvroField[];
}

export interface AvroEnum {
  type: 'enum';
  name: string;
  namespace?: string;
  doc?: string;
  symbols: string[];
  default?: string;
}

export interface AvroFixed {
  type: 'fixed';
  name: string;
  namespace?: string;
  size: number;
}

export type AvroNamed = AvroRecord | AvroEnum | AvroFixed;
export interface AvroArray {
  type: 'array';
  items: AvroSchema;
}
export interface AvroMap {
  type: 'map';
  values: AvroSchema;
}
export interface AvroLogical {
  type: 'int' | 'long' | 'string' | 'bytes';
  logicalType: string;
}

export const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

export const isNamed = (s: AvroSchema): s is AvroNamed =>
  typeof s === 'object' &&
  !Array.isArray(s) &&
  (s.type === 'record' || s.type === 'error' || s.type === 'enum' || s.type === 'fixed');

export const isRecord = (s: AvroSchema): s is AvroRecord =>
  typeof s === 'object' && !Array.isArray(s) && (s.type === 'record' || s.type === 'error');

/** Full name of a named type, resolving a short name against the enclosing namespace. */
export function fullName(name: string, namespace: string | undefined): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}
