import { resolveSchemaTree, SchemaFile } from '../schemas/schema-tree';
import { EventCodegenError } from './codegen.errors';
import { generateEventTypes } from './generate-event-types';

const common: SchemaFile = {
  path: 'schemas/common/event-metadata.avsc',
  content: JSON.stringify({
    type: 'record',
    name: 'EventMetadata',
    namespace: 'shopstream.common',
    doc: 'Envelope.',
    fields: [{ name: 'eventId', type: 'string', doc: 'Event id.' }],
  }),
};
const colour = { type: 'enum', name: 'Colour', symbols: ['RED', 'BLUE'], doc: 'Paint colours.' };
const eventFile = (context: string, name: string, version: number, fields: object[]): SchemaFile => ({
  path: `schemas/${context}/${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.v${version}.avsc`,
  content: JSON.stringify({
    type: 'record',
    name,
    namespace: `shopstream.${context}`,
    doc: `${name} doc.`,
    fields: [{ name: 'metadata', type: 'shopstream.common.EventMetadata', doc: 'Envelope.' }, ...fields],
  }),
});
const generate = (...files: SchemaFile[]) =>
  new Map(
    generateEventTypes(resolveSchemaTree([common, ...files])).map((f) => [
      f.path.replace('libs/events/src/generated/', ''),
      f.content,
    ]),
  );

describe('generateEventTypes', () => {
  const files = generate(
    eventFile('things', 'ThingPainted', 1, [{ name: 'colour', type: 'string', doc: 'Old colour.' }]),
    eventFile('things', 'ThingPainted', 2, [{ name: 'colour', type: colour, doc: 'New colour.' }]),
    eventFile('things', 'ThingRepainted', 1, [
      { name: 'colour', type: colour, doc: 'Colour again.' },
      {
        name: 'parts',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'Part',
            doc: 'A painted part.',
            fields: [{ name: 'label', type: ['null', 'string'], default: null, doc: 'Part label.' }],
          },
        },
        doc: 'Parts painted.',
      },
    ]),
    eventFile('widgets', 'WidgetMade', 1, []),
  );

  it('writes the shared types, one module per context and an index', () => {
    expect([...files.keys()].sort()).toEqual([
      'common.types.generated.ts',
      'index.ts',
      'things.events.generated.ts',
      'widgets.events.generated.ts',
    ]);
    for (const text of files.values())
      expect(
        text.startsWith('// Generated from schemas/ by `shopstream schemas generate`; do not edit.\n'),
      ).toBe(true);
    expect(files.get('common.types.generated.ts')).toContain('export interface EventMetadata {');
  });

  it('describes the latest version of each event, with its wire name as the discriminant', () => {
    const things = files.get('things.events.generated.ts')!;
    expect(things).toContain("import type { EventMetadata } from './common.types.generated';\n");
    expect(things).toContain('export interface ThingPainted {');
    expect(things).toContain('readonly type: "shopstream.things.ThingPainted";');
    expect(things).toContain('/** New colour. */\n  readonly colour: Colour;');
    expect(things).not.toContain('Old colour.');
    expect(things).toContain('Schema v2, the latest: `schemas/things/thing-painted.v2.avsc`.');
  });

  it('declares a named type defined inside events once, however many events define it', () => {
    const things = files.get('things.events.generated.ts')!;
    expect(things.match(/export type Colour = /g)).toHaveLength(1);
    expect(things).toContain('/** A painted part. */\nexport interface Part {');
    expect(things).toContain('readonly parts: readonly Part[];');
    expect(things).toContain('readonly label: string | null;');
  });

  it('exports the union, wire names and topic of each context', () => {
    const things = files.get('things.events.generated.ts')!;
    expect(things).toContain('export type ThingsEvent = ThingPainted | ThingRepainted;');
    expect(things).toContain(
      'export const THINGS_EVENT_TYPES = ["shopstream.things.ThingPainted", "shopstream.things.ThingRepainted"] as const;',
    );
    expect(things).toContain('export const THINGS_TOPIC = "shopstream.things";');
  });

  it('indexes every event by wire name: union, topic and latest version', () => {
    const index = files.get('index.ts')!;
    expect(index).toContain('export type ShopstreamEvent = ThingsEvent | WidgetsEvent;');
    expect(index).toContain("export * from './event-schemas.generated';");
    expect(index).toContain('"shopstream.things.ThingPainted": 2,');
    expect(index).toContain('"shopstream.widgets.WidgetMade": "shopstream.widgets",');
  });

  it('refuses a named type that two events define differently, naming both files', () => {
    const attempt = () =>
      generate(
        eventFile('things', 'ThingPainted', 1, [{ name: 'colour', type: colour, doc: 'c' }]),
        eventFile('things', 'ThingRepainted', 1, [
          { name: 'colour', type: { ...colour, symbols: ['RED', 'GREEN'] }, doc: 'c' },
        ]),
      );
    expect(attempt).toThrow(EventCodegenError);
    expect(attempt).toThrow(
      /shopstream.things.Colour is defined differently in schemas\/things\/thing-painted.v1.avsc and schemas\/things\/thing-repainted.v1.avsc/,
    );
  });

  it('refuses two types that would share a TypeScript name', () => {
    expect(() =>
      generate(
        eventFile('things', 'ThingPainted', 1, [{ name: 'colour', type: colour, doc: 'c' }]),
        eventFile('widgets', 'WidgetPainted', 1, [
          { name: 'colour', type: { ...colour, namespace: 'shopstream.widgets' }, doc: 'c' },
        ]),
      ),
    ).toThrow(
      /shopstream.things.Colour and shopstream.widgets.Colour would share the TypeScript name Colour/,
    );
  });
});
