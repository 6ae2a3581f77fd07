import * as path from 'node:path';
import * as avro from 'avsc';
import { AvroField, AvroRecord, AvroSchema } from '../schemas/avro-schema';
import { readSchemaFiles } from '../schemas/read-schema-files';
import { resolveSchemaTree } from '../schemas/schema-tree';
import { checkCompatibility } from './schema-compatibility';

const BACKWARD = "(BACKWARD: new readers can't read old events)";
const FORWARD = "(FORWARD: consumers on the previous schema can't read new events)";

const event = (fields: AvroField[]): AvroRecord => ({
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'shopstream.orders',
  fields,
});
const field = (name: string, type: AvroSchema, extra: Partial<AvroField> = {}): AvroField => ({
  name,
  type,
  ...extra,
});
const line = (quantity: AvroSchema): AvroSchema => ({
  type: 'array',
  items: {
    type: 'record',
    name: 'OrderLine',
    namespace: 'shopstream.common',
    fields: [field('sku', 'string'), field('quantity', quantity)],
  },
});
const channel = (symbols: string[], fallback?: string): AvroSchema => ({
  type: 'enum',
  name: 'SalesChannel',
  symbols,
  ...(fallback ? { default: fallback } : {}),
});
const messages = (previous: AvroSchema, next: AvroSchema) =>
  checkCompatibility(previous, next).map((v) => v.message);

describe('checkCompatibility', () => {
  describe('allows', () => {
    it.each<[string, AvroSchema, AvroSchema]>([
      ['an identical schema', event([field('currency', 'string')]), event([field('currency', 'string')])],
      [
        'a field added with a default',
        event([field('currency', 'string')]),
        event([field('currency', 'string'), field('note', ['null', 'string'], { default: null })]),
      ],
      [
        'a field removed that had a default',
        event([field('currency', 'string'), field('note', 'string', { default: '' })]),
        event([field('currency', 'string')]),
      ],
      [
        'an enum symbol added when the enum has a default',
        event([field('channel', channel(['WEB', 'STORE'], 'WEB'))]),
        event([field('channel', channel(['WEB', 'STORE', 'API'], 'WEB'))]),
      ],
      [
        'an enum symbol removed when the next enum has a default',
        event([field('channel', channel(['WEB', 'STORE'], 'WEB'))]),
        event([field('channel', channel(['WEB'], 'WEB'))]),
      ],
      ['string -> bytes', event([field('sku', 'string')]), event([field('sku', 'bytes')])],
      ['bytes -> string', event([field('sku', 'bytes')]), event([field('sku', 'string')])],
      [
        'a logical type over the same primitive',
        event([field('at', 'long')]),
        event([field('at', { type: 'long', logicalType: 'timestamp-millis' })]),
      ],
    ])('%s', (_, previous, next) => {
      expect(checkCompatibility(previous, next)).toEqual([]);
    });

    it('OrderPlaced v1 -> v2 in this repository (v2 adds channel with a default)', () => {
      const placed = resolveSchemaTree(readSchemaFiles(path.resolve(__dirname, '../../../..'))).filter(
        (e) => e.wireName === 'shopstream.orders.OrderPlaced',
      );
      expect(placed).toHaveLength(2);
      expect(checkCompatibility(placed[0]!.schema, placed[1]!.schema)).toEqual([]);
    });
  });

  it('reports a field added without a default as BACKWARD', () => {
    expect(
      checkCompatibility(
        event([field('currency', 'string')]),
        event([field('currency', 'string'), field('channel', 'string')]),
      ),
    ).toEqual([
      {
        rule: 'BACKWARD',
        path: 'channel',
        message: `field 'channel' added without a default ${BACKWARD}`,
      },
    ]);
  });

  it('reports a field removed without a default as FORWARD', () => {
    expect(
      checkCompatibility(
        event([field('orderId', 'string'), field('currency', 'string')]),
        event([field('orderId', 'string')]),
      ),
    ).toEqual([
      {
        rule: 'FORWARD',
        path: 'currency',
        message: `field 'currency' removed without a default ${FORWARD}`,
      },
    ]);
  });

  it('reports a type change inside an array of records in both directions', () => {
    expect(
      checkCompatibility(event([field('lines', line('int'))]), event([field('lines', line('string'))])),
    ).toEqual([
      {
        rule: 'BACKWARD',
        path: 'lines[].quantity',
        message: `field 'lines[].quantity' changed type int -> string ${BACKWARD}`,
      },
      {
        rule: 'FORWARD',
        path: 'lines[].quantity',
        message: `field 'lines[].quantity' changed type int -> string ${FORWARD}`,
      },
    ]);
  });

  it.each([
    ['int', 'long'],
    ['int', 'float'],
    ['int', 'double'],
    ['long', 'float'],
    ['long', 'double'],
    ['float', 'double'],
  ])('allows the promotion %s -> %s for new readers only (FORWARD breaks)', (from, to) => {
    expect(messages(event([field('amount', from)]), event([field('amount', to)]))).toEqual([
      `field 'amount' changed type ${from} -> ${to} ${FORWARD}`,
    ]);
  });

  it('reports a narrowing (long -> int) as BACKWARD only', () => {
    expect(messages(event([field('amount', 'long')]), event([field('amount', 'int')]))).toEqual([
      `field 'amount' changed type long -> int ${BACKWARD}`,
    ]);
  });

  it('reports enum symbols removed without a default (BACKWARD) and added without one (FORWARD)', () => {
    expect(
      messages(
        event([field('channel', channel(['WEB', 'STORE', 'API']))]),
        event([field('channel', channel(['WEB', 'MOBILE_APP']))]),
      ),
    ).toEqual([
      `field 'channel' enum SalesChannel symbol(s) STORE, API removed without an enum default ${BACKWARD}`,
      `field 'channel' enum SalesChannel symbol(s) MOBILE_APP added, and the previous enum has no default ${FORWARD}`,
    ]);
  });

  describe('unions', () => {
    it('reports a nullable field made required: old nulls are unreadable', () => {
      expect(messages(event([field('note', ['null', 'string'])]), event([field('note', 'string')]))).toEqual([
        `field 'note' changed type [null, string] -> string: branch null has no match ${BACKWARD}`,
      ]);
    });

    it('reports a required field made nullable: old readers get nulls they cannot read', () => {
      expect(messages(event([field('note', 'string')]), event([field('note', ['null', 'string'])]))).toEqual([
        `field 'note' changed type string -> [null, string]: branch null has no match ${FORWARD}`,
      ]);
    });

    it('reports a branch added (FORWARD) and a branch removed (BACKWARD)', () => {
      expect(
        messages(
          event([field('v', ['null', 'string', 'int'])]),
          event([field('v', ['null', 'string', 'boolean'])]),
        ),
      ).toEqual([
        `field 'v' changed type [null, string, int] -> [null, string, boolean]: branch int has no match ${BACKWARD}`,
        `field 'v' changed type [null, string, int] -> [null, string, boolean]: branch boolean has no match ${FORWARD}`,
      ]);
    });

    it('looks inside a record branch of a union', () => {
      const address = (fields: AvroField[]): AvroSchema => [
        'null',
        { type: 'record', name: 'Address', fields },
      ];
      expect(
        messages(
          event([field('billing', address([field('city', 'string'), field('zip', 'string')]))]),
          event([field('billing', address([field('city', 'string')]))]),
        ),
      ).toEqual([`field 'billing.zip' removed without a default ${FORWARD}`]);
    });
  });

  it('follows a named type used a second time by name', () => {
    const address = (fields: AvroField[]): AvroSchema => ({
      type: 'record',
      name: 'Address',
      namespace: 'shopstream.common',
      fields,
    });
    const withAddresses = (fields: AvroField[]) =>
      event([field('shipping', address(fields)), field('billing', 'shopstream.common.Address')]);
    expect(
      messages(
        withAddresses([field('city', 'string'), field('postcode', 'string')]),
        withAddresses([field('city', 'string')]),
      ),
    ).toEqual([
      `field 'shipping.postcode' removed without a default ${FORWARD}`,
      `field 'billing.postcode' removed without a default ${FORWARD}`,
    ]);
  });

  it('reports a change in map values with a {} path', () => {
    expect(
      messages(
        event([field('attributes', { type: 'map', values: 'string' })]),
        event([field('attributes', { type: 'map', values: 'boolean' })]),
      ),
    ).toEqual([
      `field 'attributes{}' changed type string -> boolean ${BACKWARD}`,
      `field 'attributes{}' changed type string -> boolean ${FORWARD}`,
    ]);
  });

  it('reports an array turned into a map', () => {
    expect(
      messages(
        event([field('tags', { type: 'array', items: 'string' })]),
        event([field('tags', { type: 'map', values: 'string' })]),
      ),
    ).toEqual([
      `field 'tags' changed type array<string> -> map<string> ${BACKWARD}`,
      `field 'tags' changed type array<string> -> map<string> ${FORWARD}`,
    ]);
  });

  describe('renames', () => {
    it('lets new readers read a renamed field through an alias, but not old readers', () => {
      expect(
        messages(
          event([field('amount', 'long')]),
          event([field('amountMinor', 'long', { aliases: ['amount'] })]),
        ),
      ).toEqual([
        `field 'amount' renamed to 'amountMinor' without a default (an alias only helps new readers) ${FORWARD}`,
      ]);
    });

    it('reports a field renamed without an alias both ways', () => {
      expect(messages(event([field('amount', 'long')]), event([field('total', 'long')]))).toEqual([
        `field 'total' added without a default ${BACKWARD}`,
        `field 'amount' removed without a default ${FORWARD}`,
      ]);
    });

    it('reports a nested record renamed, with and without an alias', () => {
      const money = (name: string, aliases?: string[]): AvroSchema => ({
        type: 'record',
        name,
        ...(aliases ? { aliases } : {}),
        fields: [field('minor', 'long')],
      });
      expect(
        messages(event([field('total', money('Money'))]), event([field('total', money('Amount'))])),
      ).toEqual([
        `field 'total' renamed record Money -> Amount without an alias ${BACKWARD}`,
        `field 'total' renamed record Money -> Amount (an alias only helps new readers) ${FORWARD}`,
      ]);
      expect(
        messages(
          event([field('total', money('Money'))]),
          event([field('total', money('Amount', ['Money']))]),
        ),
      ).toEqual([
        `field 'total' renamed record Money -> Amount (an alias only helps new readers) ${FORWARD}`,
      ]);
    });
  });

  it('reports a fixed size change', () => {
    const hash = (size: number): AvroSchema => ({ type: 'fixed', name: 'Hash', size });
    expect(messages(event([field('hash', hash(16))]), event([field('hash', hash(32))]))).toEqual([
      `field 'hash' changed fixed Hash size 16 -> 32 ${BACKWARD}`,
      `field 'hash' changed fixed Hash size 16 -> 32 ${FORWARD}`,
    ]);
  });

  it('terminates on a recursive type and still reports inside it', () => {
    const node = (fields: AvroField[]): AvroSchema => ({
      type: 'record',
      name: 'Category',
      fields: [...fields, field('parent', ['null', 'Category'], { default: null })],
    });
    expect(
      messages(
        event([field('category', node([field('id', 'string')]))]),
        event([field('category', node([field('id', 'int')]))]),
      ),
    ).toEqual([
      `field 'category.id' changed type string -> int ${BACKWARD}`,
      `field 'category.id' changed type string -> int ${FORWARD}`,
    ]);
  });

  // The verdict per direction must match a real Avro implementation's schema resolution.
  it.each<[string, AvroSchema, AvroSchema]>([
    ['add without default', event([field('a', 'int')]), event([field('a', 'int'), field('b', 'int')])],
    ['remove without default', event([field('a', 'int'), field('b', 'int')]), event([field('a', 'int')])],
    ['int -> long', event([field('a', 'int')]), event([field('a', 'long')])],
    [
      'int -> string in an array',
      event([field('lines', line('int'))]),
      event([field('lines', line('string'))]),
    ],
    ['null|string -> string', event([field('a', ['null', 'string'])]), event([field('a', 'string')])],
    [
      'enum symbol added, no default',
      event([field('c', channel(['WEB']))]),
      event([field('c', channel(['WEB', 'API']))]),
    ],
    [
      'enum symbol added, default',
      event([field('c', channel(['WEB'], 'WEB'))]),
      event([field('c', channel(['WEB', 'API'], 'WEB'))]),
    ],
    ['alias rename', event([field('a', 'int')]), event([field('b', 'int', { aliases: ['a'] })])],
  ])('agrees with avsc on which directions resolve: %s', (_, previous, next) => {
    const resolves = (writer: AvroSchema, reader: AvroSchema) => {
      try {
        avro.Type.forSchema(reader as avro.Schema).createResolver(avro.Type.forSchema(writer as avro.Schema));
        return true;
      } catch (error) {
        if (error instanceof Error) return false;
        throw error;
      }
    };
    const rules = new Set(checkCompatibility(previous, next).map((v) => v.rule));
    expect({ BACKWARD: !rules.has('BACKWARD'), FORWARD: !rules.has('FORWARD') }).toEqual({
      BACKWARD: resolves(previous, next),
      FORWARD: resolves(next, previous),
    });
  });
});
