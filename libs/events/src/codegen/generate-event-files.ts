import { EventSchemaVersion } from '../schemas/schema-tree';
import { generateAsyncApi } from './generate-asyncapi';
import { EventReaders, generateCatalogPage } from './generate-catalog-page';
import { generateEventSchemas } from './generate-event-schemas';
import { generateEventTypes } from './generate-event-types';
import { GeneratedFile } from './generated-file';
import { TopicDescription } from './topic-description';

/** Everything generated from schemas/ and the topic catalog, unformatted, sorted by path. */
export function generateEventFiles(
  events: readonly EventSchemaVersion[],
  topics: readonly TopicDescription[],
  readers: EventReaders = new Map(),
): GeneratedFile[] {
  return [
    generateEventSchemas(events),
    ...generateEventTypes(events),
    generateAsyncApi(events, topics),
    generateCatalogPage(events, topics, readers),
  ].sort((a, b) => a.path.localeCompare(b.path));
}
