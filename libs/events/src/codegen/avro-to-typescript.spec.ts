import { AvroRecord, AvroSchema } from '../schemas/avro-schema';
import { namedDefinitions, shortName } from './avro-named-types';
import { renderDeclaration, ResolveReference, typeScriptType } from './avro-to-typescript';

const byShortName: ResolveReference = (ref) => shortName(ref);
const ts = (schema: AvroSchema) => typeScriptType(schema, 'shopstream.things', byShortName);

describe('typeScriptType', () => {
  it.each<[AvroSchema, string]>([
    ['null', 'null'],
    ['boolean', 'boolean'],
    ['int', 'number'],
    ['long', 'number'],
    ['float', 'number'],
    ['double', 'number'],
    ['string', 'string'],
    ['bytes', 'Buffer'],
    [{ type: 'string', logicalType: 'uuid' }, 'string'],
    [{ type: 'long', logicalType: 'timestamp-millis' }, 'number'],
  ])('maps %j to %s', (schema, expected) => expect(ts(schema)).toBe(expected));

  it('puts null last in a nullable union, wherever the schema has it', () => {
    expect(ts(['null', 'string'])).toBe('string | null');
    expect(ts(['long', 'null'])).toBe('number | null');
  });

  it('maps arrays to readonly arrays, parenthesising union items', () => {
    expect(ts({ type: 'array', items: 'string' })).toBe('readonly string[]');
    expect(ts({ type: 'array', items: ['null', 'int'] })).toBe('readonly (number | null)[]');
  });

  it('maps maps to readonly records keyed by string', () => {
    expect(ts({ type: 'map', values: { type: 'array', items: 'long' } })).toBe(
      'Readonly<Record<string, readonly number[]>>',
    );
  });

  it('refers to named types, inline or referenced, by the resolved full name', () => {
    const seen: string[] = [];
    const resolve: ResolveReference = (ref, namespace) => {
      seen.push(`${ref}@${namespace ?? ''}`);
      return 'X';
    };
    typeScriptType({ type: 'enum', name: 'Colour', symbols: ['RED'] }, 'shopstream.things', resolve);
    typeScriptType('shopstream.common.Address', 'shopstream.things', resolve);
    expect(seen).toEqual(['shopstream.things.Colour@', 'shopstream.common.Address@shopstream.things']);
  });
});

describe('renderDeclaration', () => {
  const render = (schema: AvroSchema, discriminant?: string) => {
    const [def] = namedDefinitions(schema);
    return renderDeclaration(
      def!,
      shortName(def!.fullName),
      byShortName,
      discriminant ? { discriminant } : {},
    );
  };

  it('renders a record as a readonly interface with every doc as TSDoc', () => {
    const record: AvroRecord = {
      type: 'record',
      name: 'Parcel',
      namespace: 'shopstream.things',
      doc: 'A parcel on its way.',
      fields: [
        { name: 'weightGrams', type: 'int', doc: 'Weight in grams.' },
        { name: 'sentAt', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'When it left.' },
        { name: 'note', type: ['null', 'string'], default: null, doc: 'Free text.' },
      ],
    };
    expect(render(record)).toBe(
      [
        '/** A parcel on its way. */',
        'export interface Parcel {',
        '  /** Weight in grams. */',
        '  readonly weightGrams: number;',
        '  /**',
        '   * When it left.',
        '   *',
        '   * Avro `timestamp-millis`: a number of milliseconds since the Unix epoch (UTC).',
        '   */',
        '  readonly sentAt: number;',
        '  /**',
        '   * Free text.',
        '   *',
        '   * @defaultValue `null`',
        '   */',
        '  readonly note: string | null;',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('gives an event its wire name as a `type` discriminant before the Avro fields', () => {
    const text = render(
      { type: 'record', name: 'ThingHappened', namespace: 'shopstream.things', doc: 'd', fields: [] },
      'shopstream.things.ThingHappened',
    );
    expect(text).toContain(`readonly type: "shopstream.things.ThingHappened";`);
  });

  it('renders an enum as a union of string literals carrying its doc', () => {
    expect(
      render({ type: 'enum', name: 'Colour', doc: 'Paint colours.', symbols: ['RED', 'DARK_BLUE'] }),
    ).toBe('/** Paint colours. */\nexport type Colour = "RED" | "DARK_BLUE";\n');
  });

  it('renders a fixed as a Buffer and says its size', () => {
    expect(render({ type: 'fixed', name: 'Hash', size: 16 })).toBe(
      '/** Avro fixed of 16 bytes. */\nexport type Hash = Buffer;\n',
    );
  });

  it('keeps a doc that contains */ from closing the comment', () => {
    expect(render({ type: 'enum', name: 'E', doc: 'a */ b', symbols: ['A'] })).toContain('/** a *\\/ b */');
  });
});
