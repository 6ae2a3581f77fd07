import { EventSchemaVersion } from '../schemas/schema-tree';
import { GENERATED_TS_HEADER, GENERATED_TYPES_DIR, GeneratedFile } from './generated-file';
import { EVENT_SCHEMAS_MODULE } from './generate-event-schemas';
import { COMMON_MODULE, eventUnionName, latestVersions, planTypeModules, TypeModule } from './type-modules';
import { constantCase, stringLiteral, tsDoc } from './typescript-text';

/**
 * The TypeScript types of the events: `common.types.generated.ts` for the shared records, one
 * `<context>.events.generated.ts` per context with the latest version of each of its events and their discriminated
 * union, and an `index.ts` with the union of every event and lookups by wire name.
 */
export function generateEventTypes(events: readonly EventSchemaVersion[]): GeneratedFile[] {
  const modules = planTypeModules(events);
  const contexts = modules.filter((m) => m.context !== undefined);
  return [
    ...modules.map((m) => ({ path: `${GENERATED_TYPES_DIR}/${m.module}.ts`, content: renderModule(m) })),
    { path: `${GENERATED_TYPES_DIR}/index.ts`, content: renderIndex(contexts, latestVersions(events)) },
  ];
}

function renderModule(m: TypeModule): string {
  const imports = [...m.imports]
    .map(([module, names]) => `import type { ${names.join(', ')} } from './${module}';\n`)
    .join('');
  const parts = [GENERATED_TS_HEADER + imports, ...m.declarations];
  if (m.context !== undefined) parts.push(renderContextExports(m.context, m.events));
  return parts.join('\n');
}

function renderContextExports(context: string, events: readonly EventSchemaVersion[]): string {
  const prefix = constantCase(context);
  const topic = events[0]!.topic;
  return [
    `${tsDoc([`Every ${context} event, at its latest schema version; switch on \`type\`.`])}` +
      `export type ${eventUnionName(context)} = ${events.map((e) => e.name).join(' | ')};\n`,
    `${tsDoc([`Wire names of the ${context} events.`])}` +
      `export const ${prefix}_EVENT_TYPES = [${events.map((e) => stringLiteral(e.wireName)).join(', ')}] as const;\n`,
    `${tsDoc([`Kafka topic of the ${context} events.`])}export const ${prefix}_TOPIC = ${stringLiteral(topic)};\n`,
  ].join('\n');
}

function renderIndex(contexts: readonly TypeModule[], latest: readonly EventSchemaVersion[]): string {
  const unions = contexts.map((m) => eventUnionName(m.context!));
  const record = (value: (e: EventSchemaVersion) => string) =>
    `{\n${latest.map((e) => `  ${stringLiteral(e.wireName)}: ${value(e)},\n`).join('')}}`;
  return [
    GENERATED_TS_HEADER +
      contexts.map((m) => `import type { ${eventUnionName(m.context!)} } from './${m.module}';\n`).join(''),
    [COMMON_MODULE, ...contexts.map((m) => m.module), EVENT_SCHEMAS_MODULE]
      .map((module) => `export * from './${module}';\n`)
      .join(''),
    `${tsDoc(['Every Shopstream event at its latest schema version, across all topics; switch on `type`.'])}` +
      `export type ShopstreamEvent = ${unions.join(' | ')};\n`,
    `${tsDoc(['Wire name of a Shopstream event, e.g. `shopstream.orders.OrderPlaced`.'])}` +
      `export type EventType = ShopstreamEvent['type'];\n`,
    `${tsDoc(['The event with wire name `T`.'])}` +
      `export type EventOfType<T extends EventType> = Extract<ShopstreamEvent, { type: T }>;\n`,
    `${tsDoc(['Kafka topic each event is published on.'])}` +
      `export const TOPIC_OF_EVENT: Readonly<Record<EventType, string>> = ${record((e) => stringLiteral(e.topic))};\n`,
    `${tsDoc(['Latest schema version of each event: the version producers write and readers upcast to.'])}` +
      `export const LATEST_VERSION: Readonly<Record<EventType, number>> = ${record((e) => String(e.version))};\n`,
  ].join('\n');
}
