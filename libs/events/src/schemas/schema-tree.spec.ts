import * as path from 'node:path';
import { readSchemaFiles } from './read-schema-files';
import { resolveSchemaTree } from './schema-tree';
import { SchemaFileError } from './schemas.errors';

const meta = JSON.stringify({
  type: 'record',
  name: 'EventMetadata',
  namespace: 'shopstream.common',
  doc: 'meta',
  fields: [{ name: 'eventId', type: 'string', doc: 'id' }],
});
const event = (fields: object[], extra: object = {}) =>
  JSON.stringify({
    type: 'record',
    name: 'ThingHappened',
    namespace: 'shopstream.things',
    doc: 'd',
    fields,
    ...extra,
  });

describe('resolveSchemaTree', () => {
  it('reads the repository schemas: every event of every topic, OrderPlaced in two versions', () => {
    const events = resolveSchemaTree(readSchemaFiles(path.resolve(__dirname, '../../../..')));
    const placed = events.filter((e) => e.wireName === 'shopstream.orders.OrderPlaced');
    expect(placed.map((e) => e.version)).toEqual([1, 2]);
    expect(placed[0]?.subject).toBe('shopstream.orders-shopstream.orders.OrderPlaced');
    expect(new Set(events.map((e) => e.topic))).toEqual(
      new Set([
        'shopstream.orders',
        'shopstream.payments',
        'shopstream.shipments',
        'shopstream.inventory',
        'shopstream.behaviour',
        'shopstream.platform',
      ]),
    );
  });

  it('inlines a common type at its first use and refers to it by name afterwards', () => {
    const [resolved] = resolveSchemaTree([
      { path: 'schemas/common/event-metadata.avsc', content: meta },
      {
        path: 'schemas/things/thing-happened.v1.avsc',
        content: event([
          { name: 'metadata', type: 'shopstream.common.EventMetadata', doc: 'm' },
          { name: 'previous', type: ['null', 'shopstream.common.EventMetadata'], default: null, doc: 'p' },
        ]),
      },
    ]);
    const fields = (resolved?.schema as { fields: { type: unknown }[] }).fields;
    expect(fields[0]?.type).toMatchObject({ type: 'record', name: 'EventMetadata' });
    expect(fields[1]?.type).toEqual(['null', 'shopstream.common.EventMetadata']);
    expect(resolved).toMatchObject({
      topic: 'shopstream.things',
      subject: 'shopstream.things-shopstream.things.ThingHappened',
    });
  });

  it('lists every broken convention in one error', () => {
    const attempt = () =>
      resolveSchemaTree([
        {
          path: 'schemas/things/thing-happened.v1.avsc',
          content: event([{ name: 'a', type: 'string' }], { namespace: 'other' }),
        },
        {
          path: 'schemas/things/thing-happened.v3.avsc',
          content: event([{ name: 'b', type: 'shopstream.common.Missing', doc: 'x' }]),
        },
        { path: 'schemas/loose.avsc', content: '{}' },
      ]);
    expect(attempt).toThrow(SchemaFileError);
    try {
      attempt();
    } catch (error) {
      const { problems } = error as SchemaFileError;
      expect(problems).toEqual(
        expect.arrayContaining([
          'schemas/loose.avsc: name it schemas/<context>/<event-name>.v<N>.avsc or schemas/common/<type>.avsc',
          'schemas/things/thing-happened.v1.avsc: namespace must be shopstream.things, is other',
          'schemas/things/thing-happened.v1.avsc: field a has no doc',
          expect.stringMatching(/thing-happened.v3.avsc: unknown type "shopstream.common.Missing"/),
        ]),
      );
    }
  });
});
