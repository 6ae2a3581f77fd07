import { resolveSchemaTree } from '../schemas/schema-tree';
import { generateCatalogPage } from './generate-catalog-page';

const events = resolveSchemaTree(
  [1, 2].map((v) => ({
    path: `schemas/things/thing-happened.v${v}.avsc`,
    content: JSON.stringify({
      type: 'record',
      name: 'ThingHappened',
      namespace: 'shopstream.things',
      doc: `A thing happened | v${v}.`,
      fields: [{ name: 'id', type: ['null', 'string'], doc: `Id | v${v}.` }],
    }),
  })),
);
const topics = [
  { name: 'shopstream.things', description: 'Things.', key: 'thingId', partitions: 6, replicationFactor: 3 },
];

describe('generateCatalogPage', () => {
  const page = generateCatalogPage(events, topics).content;

  it('describes each topic: key, partitions, description', () => {
    expect(page).toMatch(
      /^<!-- Generated from schemas\/ by `shopstream schemas generate`; do not edit. -->\n/,
    );
    expect(page).toContain('## shopstream.things\n\nThings.\n\n- Key: `thingId`\n- Partitions: 6');
  });

  it('describes each event by its latest version, lists every version and escapes table pipes', () => {
    expect(page).toContain('### ThingHappened\n\nA thing happened | v2.');
    expect(page).toContain('- Wire name: `shopstream.things.ThingHappened`');
    expect(page).toContain('- Subject: `shopstream.things-shopstream.things.ThingHappened`');
    expect(page).toContain(
      '- Versions: v1 (`schemas/things/thing-happened.v1.avsc`), v2 (`schemas/things/thing-happened.v2.avsc`)',
    );
    expect(page).toContain('| `id` | `null \\| string` | Id \\| v2. |');
  });

  it('says which projections read an event, or that none does yet', () => {
    expect(page).toContain('- Read by projections: none yet');
    const read = generateCatalogPage(
      events,
      topics,
      new Map([['shopstream.things.ThingHappened', ['b-view', 'a-view']]]),
    );
    expect(read.content).toContain('- Read by projections: `a-view`, `b-view`');
  });
});
