import { EventSchemaVersion, resolveSchemaTree, SchemaFile } from '../schemas/schema-tree';
import { SchemaFileError } from '../schemas/schemas.errors';
import { canonicalSchema } from './canonical-schema';
import { git, listTree, readBlobs, TreeEntry } from './git-objects';
import { EarlierSchema } from './schema-source';

/** A commit whose schemas/ tree breaks a convention, so its schemas could not be read. */
export interface SkippedCommit {
  readonly commit: string;
  readonly problems: readonly string[];
}

export interface GitSchemaHistory {
  /** Every distinct schema each subject has had in a commit, attributed to the oldest commit that has it. */
  readonly schemas: EarlierSchema[];
  readonly commits: number;
  readonly skipped: SkippedCommit[];
  /** A shallow clone holds only part of the history, so the check may miss what older commits had. */
  readonly shallow: boolean;
}

const LS_TREE_CONCURRENCY = 8;

/**
 * The schemas of every commit that touched schemas/, each commit resolved on its own files so a shared type is
 * inlined as it was at that commit.
 */
export async function collectGitHistory(root: string): Promise<GitSchemaHistory> {
  const shallow = (await git(root, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  const commits = (await git(root, ['log', '--reverse', '--format=%H', '--', 'schemas/']))
    .split('\n')
    .filter((sha) => sha.length > 0);

  const trees: TreeEntry[][] = [];
  for (let i = 0; i < commits.length; i += LS_TREE_CONCURRENCY)
    trees.push(
      ...(await Promise.all(
        commits.slice(i, i + LS_TREE_CONCURRENCY).map((sha) => listTree(root, sha, 'schemas/')),
      )),
    );
  const blobs = await readBlobs(root, [...new Set(trees.flat().map((e) => e.blob))]);

  const seen = new Set<string>();
  const schemas: EarlierSchema[] = [];
  const skipped: SkippedCommit[] = [];
  commits.forEach((commit, i) => {
    const files: SchemaFile[] = (trees[i] ?? [])
      .filter((e) => e.path.endsWith('.avsc'))
      .map((e) => ({ path: e.path, content: blobs.get(e.blob) ?? '' }));
    let events: EventSchemaVersion[];
    try {
      events = resolveSchemaTree(files);
    } catch (error) {
      if (!(error instanceof SchemaFileError)) throw error;
      skipped.push({ commit, problems: error.problems });
      return;
    }
    for (const e of events) {
      const key = `${e.subject}\n${canonicalSchema(e.schema)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      schemas.push({ subject: e.subject, schema: e.schema, source: { kind: 'git', commit, file: e.file } });
    }
  });
  return { schemas, commits: commits.length, skipped, shallow };
}

/** The latest version of each subject in the working tree, and its other versions (which it must still read). */
export function splitLocalVersions(events: readonly EventSchemaVersion[]): {
  latest: Map<string, EventSchemaVersion>;
  earlier: EarlierSchema[];
} {
  const latest = new Map<string, EventSchemaVersion>();
  for (const e of events) {
    const current = latest.get(e.subject);
    if (!current || e.version > current.version) latest.set(e.subject, e);
  }
  const earlier = events
    .filter((e) => latest.get(e.subject) !== e)
    .map((e) => ({ subject: e.subject, schema: e.schema, source: { kind: 'local' as const, file: e.file } }));
  return { latest, earlier };
}
