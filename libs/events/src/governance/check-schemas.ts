import { readSchemaFiles } from '../schemas/read-schema-files';
import { resolveSchemaTree } from '../schemas/schema-tree';
import { compareWithEarlier, LatestSchema, SchemaCheckFinding } from './compare-subjects';
import { fetchRegistrySchemas, RegistrySubject } from './registry-schemas';
import { collectGitHistory, SkippedCommit, splitLocalVersions } from './schema-history';
import { EarlierSchema } from './schema-source';

export interface SchemaCheckOptions {
  /** Repository root: holds schemas/ and is inside the git work tree. */
  readonly root: string;
  /** The registry's Confluent-compatible base URL, or false to check against git and local files only. */
  readonly registry: false | { readonly url: string };
}

export interface SchemaCheckReport {
  readonly subjects: number;
  /** Distinct earlier schemas compared, over all subjects, and how many came from each source. */
  readonly compared: number;
  readonly comparedBySource: Readonly<Record<EarlierSchema['source']['kind'], number>>;
  readonly findings: SchemaCheckFinding[];
  readonly gitCommits: number;
  readonly skippedCommits: SkippedCommit[];
  readonly shallowClone: boolean;
  readonly registryChecked: boolean;
  readonly durationMs: number;
}

/**
 * The gate before a schema change lands: for every subject, the working tree's latest version must be compatible
 * both ways with every schema the subject has had in git history, in its other local version files and in the
 * registry.
 */
export async function checkSchemas(options: SchemaCheckOptions): Promise<SchemaCheckReport> {
  const started = Date.now();
  const { latest: latestVersions, earlier: local } = splitLocalVersions(
    resolveSchemaTree(readSchemaFiles(options.root)),
  );
  const latest = new Map<string, LatestSchema>(
    [...latestVersions].map(([subject, v]) => [subject, { subject, file: v.file, schema: v.schema }]),
  );
  const [history, registry] = await Promise.all([
    collectGitHistory(options.root),
    options.registry
      ? fetchRegistrySchemas(
          options.registry.url,
          new Map([...latest].map(([subject, l]) => [subject, l.schema])),
        )
      : Promise.resolve<RegistrySubject[]>([]),
  ]);

  const { findings, compared } = compareWithEarlier(latest, [
    ...registry.flatMap((r) => r.versions),
    ...local,
    ...history.schemas,
  ]);
  findings.push(...registryVerdicts(registry, latest));

  return {
    subjects: latest.size,
    compared: compared.registry + compared.local + compared.git,
    comparedBySource: compared,
    findings,
    gitCommits: history.commits,
    skippedCommits: history.skipped,
    shallowClone: history.shallow,
    registryChecked: options.registry !== false,
    durationMs: Date.now() - started,
  };
}

/**
 * The registry's own compatibility check on the local latest, reported when it refuses: that refusal is what
 * would fail the next deployment's registration, even where our rules and the registry's disagree.
 */
function registryVerdicts(
  registry: readonly RegistrySubject[],
  latest: ReadonlyMap<string, LatestSchema>,
): SchemaCheckFinding[] {
  return registry.flatMap((r) => {
    const current = latest.get(r.subject);
    const newest = r.versions.at(-1);
    if (r.acceptsLatest !== false || !current || !newest) return [];
    return [
      {
        subject: r.subject,
        file: current.file,
        source: newest.source,
        violation: {
          rule: 'BACKWARD' as const,
          path: '',
          message: `the registry's own compatibility check rejects ${current.file}: registering it would fail`,
        },
      },
    ];
  });
}
