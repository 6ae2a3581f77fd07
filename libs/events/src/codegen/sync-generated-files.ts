import * as fs from 'node:fs';
import * as path from 'node:path';
import { GENERATED_TYPES_DIR, GeneratedFile } from './generated-file';

/** How the files on disk differ from what the schemas give; paths relative to the repository root. */
export interface GeneratedDrift {
  /** Files that are missing or whose text differs. */
  readonly changed: readonly string[];
  /** Files in the generated folder that the generator no longer produces. */
  readonly stale: readonly string[];
}

export const hasDrift = (drift: GeneratedDrift): boolean => drift.changed.length + drift.stale.length > 0;

/** Compares `files` with the working tree under `root`; writes nothing. */
export function findGeneratedDrift(root: string, files: readonly GeneratedFile[]): GeneratedDrift {
  const changed = files
    .filter((file) => readIfExists(path.join(root, file.path)) !== file.content)
    .map((file) => file.path);
  const produced = new Set(files.map((f) => f.path));
  const dir = path.join(root, GENERATED_TYPES_DIR);
  const present = fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => `${GENERATED_TYPES_DIR}/${entry.name}`)
    : [];
  return { changed, stale: present.filter((p) => !produced.has(p)).sort() };
}

/** Brings the working tree in line: writes what changed, deletes what is stale. */
export function applyGeneratedFiles(
  root: string,
  files: readonly GeneratedFile[],
  drift: GeneratedDrift,
): void {
  const changed = new Set(drift.changed);
  for (const file of files.filter((f) => changed.has(f.path))) {
    const full = path.join(root, file.path);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, file.content);
  }
  for (const stale of drift.stale) fs.rmSync(path.join(root, stale));
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
