export * from './codegen.errors';
export * from './generated-file';
export type { TopicDescription } from './topic-description';
export type { EventReaders } from './generate-catalog-page';
export { generateEventFiles } from './generate-event-files';
export { formatGeneratedFiles } from './format-generated-files';
export { generateRepositoryFiles } from './generate-repository-files';
export * from './sync-generated-files';
