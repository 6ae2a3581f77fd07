import * as path from 'node:path';
import { EVENT_SCHEMAS } from '../generated/event-schemas.generated';
import { readSchemaFiles } from '../schemas/read-schema-files';
import { resolveSchemaTree } from '../schemas/schema-tree';
import { generateEventSchemas } from './generate-event-schemas';

describe('generateEventSchemas', () => {
  it('lists every version of every event as a typed constant', () => {
    const [v1] = resolveSchemaTree([
      {
        path: 'schemas/things/thing-happened.v1.avsc',
        content: JSON.stringify({
          type: 'record',
          name: 'ThingHappened',
          namespace: 'shopstream.things',
          doc: 'd',
          fields: [],
        }),
      },
    ]);
    const { path: file, content } = generateEventSchemas([v1!]);
    expect(file).toBe('libs/events/src/generated/event-schemas.generated.ts');
    expect(content).toContain(
      'export const EVENT_SCHEMAS: readonly EventSchemaVersion[] = [\n{"wireName":"shopstream.things.ThingHappened",',
    );
  });

  // The codec registers and decodes with EVENT_SCHEMAS, so a stale copy would silently write old schemas.
  it('has committed EVENT_SCHEMAS equal to what schemas/ gives (run npm run events:generate if not)', () => {
    const root = path.resolve(__dirname, '../../../..');
    expect(EVENT_SCHEMAS).toEqual(resolveSchemaTree(readSchemaFiles(root)));
  });
});
