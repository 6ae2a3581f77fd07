import { EventSchemaVersion } from '../schemas/schema-tree';
import { fieldRows } from './catalog-fields';
import { EVENT_DOCS_DIR, GENERATED_NOTICE, GeneratedFile } from './generated-file';
import { TopicDescription } from './topic-description';

/** Projections that read each event, by wire name. */
export type EventReaders = ReadonlyMap<string, readonly string[]>;

/** Avro docs may wrap; a Markdown list item or table cell must stay on one line. */
const oneLine = (text: string): string => text.replace(/\s*\r?\n\s*/g, ' ');
/** Text in a Markdown table cell: one line, and a `|` that does not end the cell. */
const cell = (text: string): string => oneLine(text).replace(/\|/g, '\\|');
const anchor = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

/**
 * The event catalog for people: per topic its key, partitions and purpose, then per event its meaning, wire name,
 * registry subject, schema versions, every field of the latest version, and the projections that read it.
 */
export function generateCatalogPage(
  events: readonly EventSchemaVersion[],
  topics: readonly TopicDescription[],
  readers: EventReaders = new Map(),
): GeneratedFile {
  const versions = new Map<string, EventSchemaVersion[]>();
  for (const e of events) versions.set(e.wireName, [...(versions.get(e.wireName) ?? []), e]);
  const byTopic = (topic: string) =>
    [...versions.values()]
      .filter((all) => all[0]!.topic === topic)
      .map((all) => [...all].sort((a, b) => a.version - b.version))
      .sort((a, b) => a[0]!.name.localeCompare(b[0]!.name));

  const lines = [
    `<!-- ${GENERATED_NOTICE} -->`,
    '',
    '# Shopstream event catalog',
    '',
    'Every event Shopstream publishes, by Kafka topic, from the Avro schemas in `schemas/` and the topic catalog in ' +
      '`infra/topics.json`. The TypeScript types are in `libs/events/src/generated/`; the same contract for tools is ' +
      '[asyncapi.json](asyncapi.json). Field tables show the latest schema version; `a.b` is a nested field, ' +
      '`a[].b` a field of each array item.',
    '',
    '| Topic | Key | Partitions | Events |',
    '| --- | --- | --- | --- |',
    ...topics.map(
      (t) =>
        `| [${t.name}](#${anchor(t.name)}) | \`${t.key}\` | ${t.partitions} | ` +
        `${
          byTopic(t.name)
            .map((all) => all[0]!.name)
            .join(', ') || 'none'
        } |`,
    ),
  ];
  for (const topic of topics) {
    lines.push('', `## ${topic.name}`, '', oneLine(topic.description), '');
    lines.push(`- Key: \`${topic.key}\``, `- Partitions: ${topic.partitions}`);
    for (const all of byTopic(topic.name)) lines.push('', ...eventSection(all, readers));
  }
  return { path: `${EVENT_DOCS_DIR}/catalog.md`, content: `${lines.join('\n')}\n` };
}

function eventSection(all: readonly EventSchemaVersion[], readers: EventReaders): string[] {
  const latest = all[all.length - 1]!;
  const readBy = readers.get(latest.wireName) ?? [];
  return [
    `### ${latest.name}`,
    '',
    oneLine(latest.doc),
    '',
    `- Wire name: \`${latest.wireName}\``,
    `- Subject: \`${latest.subject}\``,
    `- Versions: ${all.map((e) => `v${e.version} (\`${e.file}\`)`).join(', ')}; fields below are v${latest.version}`,
    `- Read by projections: ${
      readBy.length
        ? [...readBy]
            .sort()
            .map((r) => `\`${r}\``)
            .join(', ')
        : 'none yet'
    }`,
    '',
    '| Field | Type | Meaning |',
    '| --- | --- | --- |',
    ...fieldRows(latest.schema).map((r) => `| \`${r.path}\` | \`${cell(r.type)}\` | ${cell(r.doc)} |`),
  ];
}
