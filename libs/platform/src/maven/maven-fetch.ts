import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PlatformError, toolMissing } from '../platform.errors';

const run = promisify(execFile);
const MARKER = '.complete';

/**
 * Copies the runtime dependencies of `pom` into `target` with Maven (cached in ~/.m2). A marker holding the pom's
 * hash makes the second start skip Maven entirely, and a changed pom (a version bump) fetch again.
 */
export async function fetchMavenDependencies(pom: string, target: string): Promise<'cached' | 'fetched'> {
  const hash = createHash('sha256').update(fs.readFileSync(pom)).digest('hex');
  const marker = path.join(target, MARKER);
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === hash) return 'cached';
  await requireMaven();
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  try {
    await run(
      'mvn',
      [
        '-B',
        '-q',
        '-f',
        pom,
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${target}`,
      ],
      { maxBuffer: 32 * 1024 * 1024 },
    );
  } catch (error) {
    const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    throw new PlatformError(
      'MAVEN_FAILED',
      `Maven could not fetch the dependencies of ${pom}.`,
      'Check that Maven Central is reachable (a proxy in ~/.m2/settings.xml?) and run `npx shopstream up` again.',
      output
        .split('\n')
        .filter((l) => l.trim())
        .slice(-30),
    );
  }
  fs.writeFileSync(marker, hash);
  return 'fetched';
}

/** Marks `dir` complete for `pom`'s current content (used after unpacking a fetched archive). */
export function isCompleteFor(pom: string, dir: string): boolean {
  const hash = createHash('sha256').update(fs.readFileSync(pom)).digest('hex');
  const marker = path.join(dir, MARKER);
  return fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === hash;
}

export function markCompleteFor(pom: string, dir: string): void {
  fs.writeFileSync(path.join(dir, MARKER), createHash('sha256').update(fs.readFileSync(pom)).digest('hex'));
}

async function requireMaven(): Promise<void> {
  try {
    await run('mvn', ['-v']);
  } catch {
    throw toolMissing(
      'mvn (Apache Maven)',
      'Install Maven 3.8+ (apt-get install maven): it fetches Kafka and the registry from Maven Central.',
    );
  }
}
