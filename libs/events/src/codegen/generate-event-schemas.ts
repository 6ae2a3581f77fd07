import { EventSchemaVersion } from '../schemas/schema-tree';
import { GENERATED_TS_HEADER, GENERATED_TYPES_DIR, GeneratedFile } from './generated-file';

export const EVENT_SCHEMAS_MODULE = 'event-schemas.generated';

/**
 * Every version of every event with its shared types inlined, as a TypeScript constant: the codec registers and
 * decodes with these at run time instead of reading schemas/ from disk, which a deployed build does not ship.
 */
export function generateEventSchemas(events: readonly EventSchemaVersion[]): GeneratedFile {
  // Spelled out so the output does not depend on the order in which the caller built each object's keys.
  const entries = events
    .map(({ wireName, name, context, topic, subject, version, file, doc, schema }) =>
      JSON.stringify({ wireName, name, context, topic, subject, version, file, doc, schema }),
    )
    .join(',\n');
  return {
    path: `${GENERATED_TYPES_DIR}/${EVENT_SCHEMAS_MODULE}.ts`,
    content:
      GENERATED_TS_HEADER +
      "import type { EventSchemaVersion } from '../schemas/schema-tree';\n\n" +
      '/** Every version of every event, shared types inlined; sorted by wire name, then version. */\n' +
      `export const EVENT_SCHEMAS: readonly EventSchemaVersion[] = [\n${entries}\n];\n`,
  };
}
