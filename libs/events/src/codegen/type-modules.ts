import { EventSchemaVersion } from '../schemas/schema-tree';
import { NamedDefinition, namedDefinitions, referencedName, shortName } from './avro-named-types';
import { renderDeclaration, ResolveReference } from './avro-to-typescript';
import { EventCodegenError } from './codegen.errors';
import { pascalCase } from './typescript-text';

export const COMMON_NAMESPACE = 'shopstream.common';
export const COMMON_MODULE = 'common.types.generated';
export const contextModule = (context: string): string => `${context}.events.generated`;
export const eventUnionName = (context: string): string => `${pascalCase(context)}Event`;

/** Names the generated index declares itself; a schema type called one of them would clash. */
const INDEX_NAMES = ['ShopstreamEvent', 'EventType', 'EventOfType', 'TOPIC_OF_EVENT', 'LATEST_VERSION'];

/** One generated TypeScript module of types: the shared types, or one context's events and their own types. */
export interface TypeModule {
  /** File name without `.ts`, e.g. `orders.events.generated`. */
  readonly module: string;
  /** Undefined for the shared types module. */
  readonly context: string | undefined;
  /** The latest version of each event of the context, by wire name. */
  readonly events: readonly EventSchemaVersion[];
  /** Rendered declarations, named types first (alphabetical), then the events. */
  readonly declarations: readonly string[];
  /** Type names this module uses from other modules, by module. */
  readonly imports: ReadonlyMap<string, readonly string[]>;
}

interface Owner {
  readonly module: string;
  readonly tsName: string;
  readonly event: EventSchemaVersion | undefined;
  /** Every place the type is defined (Avro repeats a definition in each schema that uses it). */
  readonly sites: { readonly def: NamedDefinition; readonly file: string }[];
}

/** The latest version of each event: what producers write and what the generated interfaces describe. */
export function latestVersions(events: readonly EventSchemaVersion[]): EventSchemaVersion[] {
  const latest = new Map<string, EventSchemaVersion>();
  for (const e of events) if ((latest.get(e.wireName)?.version ?? 0) < e.version) latest.set(e.wireName, e);
  return [...latest.values()].sort((a, b) => a.wireName.localeCompare(b.wireName));
}

/**
 * Decides which module declares each named Avro type and renders the declarations. Shared types (namespace
 * shopstream.common) come from every version, since their one definition lives in schemas/common/; an event's own
 * types come from its latest version and belong to the context of their namespace, else to the first context
 * that uses them, so that each is declared once however many events repeat it.
 */
export function planTypeModules(events: readonly EventSchemaVersion[]): TypeModule[] {
  const problems: string[] = [];
  const latest = latestVersions(events);
  const contexts = [...new Set(latest.map((e) => e.context))].sort();
  const owners = new Map<string, Owner>();
  const own = (def: NamedDefinition, file: string, module: string, event?: EventSchemaVersion) => {
    const owner = owners.get(def.fullName);
    if (owner) owner.sites.push({ def, file });
    else owners.set(def.fullName, { module, tsName: shortName(def.fullName), event, sites: [{ def, file }] });
  };

  for (const e of latest) own(namedDefinitions(e.schema)[0]!, e.file, contextModule(e.context), e);
  for (const e of events)
    for (const def of namedDefinitions(e.schema).filter((d) => d.namespace === COMMON_NAMESPACE))
      own(def, e.file, COMMON_MODULE);
  for (const e of latest)
    for (const def of namedDefinitions(e.schema).slice(1)) {
      if (def.namespace === COMMON_NAMESPACE) continue;
      const home = contexts.find((c) => def.namespace === `shopstream.${c}`) ?? e.context;
      own(def, e.file, contextModule(home));
    }

  problems.push(...nameClashes(owners, contexts));

  const modules = [COMMON_MODULE, ...contexts.map(contextModule)].map((module, i): TypeModule => {
    const context = i === 0 ? undefined : contexts[i - 1];
    const imports = new Map<string, Set<string>>();
    const resolve: ResolveReference = (ref, namespace) => {
      const name = referencedName(ref, namespace, (n) => owners.has(n));
      const owner = owners.get(name);
      if (!owner) {
        problems.push(`type ${name} is used but no latest event version or shared type defines it`);
        return 'never';
      }
      if (owner.module !== module)
        imports.set(owner.module, (imports.get(owner.module) ?? new Set()).add(owner.tsName));
      return owner.tsName;
    };
    const mine = [...owners.values()].filter((o) => o.module === module);
    const named = mine.filter((o) => !o.event).sort((a, b) => a.tsName.localeCompare(b.tsName));
    const declarations = [...named, ...mine.filter((o) => o.event)].map((o) => {
      const [first, ...others] = o.sites.map(({ def, file }) => ({
        file,
        text: renderDeclaration(def, o.tsName, resolve, o.event ? eventOptions(o.event) : {}),
      }));
      const differing = others.find((other) => other.text !== first!.text);
      if (differing)
        problems.push(
          `${o.sites[0]!.def.fullName} is defined differently in ${first!.file} and ${differing.file}; ` +
            'make the definitions the same or give one of them another name',
        );
      return first!.text;
    });
    return {
      module,
      context,
      events: latest.filter((e) => e.context === context),
      declarations,
      imports: new Map(
        [...imports].sort(([a], [b]) => a.localeCompare(b)).map(([m, n]) => [m, [...n].sort()]),
      ),
    };
  });
  if (problems.length) throw new EventCodegenError([...new Set(problems)]);
  return modules;
}

function eventOptions(event: EventSchemaVersion) {
  return {
    discriminant: event.wireName,
    doc: [`Schema v${event.version}, the latest: \`${event.file}\`. Published on \`${event.topic}\`.`],
  };
}

/** The generated index re-exports every module, so a TypeScript name must be unique across all of them. */
function nameClashes(owners: ReadonlyMap<string, Owner>, contexts: readonly string[]): string[] {
  const byName = new Map<string, string[]>();
  const claim = (tsName: string, what: string) => byName.set(tsName, [...(byName.get(tsName) ?? []), what]);
  for (const [name, owner] of owners) claim(owner.tsName, name);
  for (const c of contexts) claim(eventUnionName(c), `the ${c} event union`);
  for (const n of INDEX_NAMES) claim(n, 'the generated index');
  return [...byName]
    .filter(([, claimants]) => claimants.length > 1)
    .map(
      ([tsName, claimants]) =>
        `${claimants.join(' and ')} would share the TypeScript name ${tsName}; rename one of the Avro types`,
    );
}
