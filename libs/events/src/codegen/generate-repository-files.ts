import { readSchemaFiles } from '../schemas/read-schema-files';
import { resolveSchemaTree } from '../schemas/schema-tree';
import { formatGeneratedFiles } from './format-generated-files';
import { EventReaders } from './generate-catalog-page';
import { generateEventFiles } from './generate-event-files';
import { GeneratedFile } from './generated-file';
import { TopicDescription } from './topic-description';

/** What `shopstream schemas generate` writes: the repository's schemas/ turned into formatted files. */
export async function generateRepositoryFiles(
  root: string,
  topics: readonly TopicDescription[],
  readers: EventReaders = new Map(),
): Promise<GeneratedFile[]> {
  const events = resolveSchemaTree(readSchemaFiles(root));
  return formatGeneratedFiles(root, generateEventFiles(events, topics, readers));
}
