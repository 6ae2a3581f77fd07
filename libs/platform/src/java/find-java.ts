import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PlatformError } from '../platform.errors';

export interface JavaRuntime {
  readonly executable: string;
  readonly major: number;
}

/** Parses the major version from `java -version` output ("17.0.15", "25.0.3", or the old "1.8.0_402"). */
export function parseJavaMajor(versionOutput: string): number | null {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return null;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

function probe(executable: string): JavaRuntime | null {
  // `java -version` prints to stderr.
  const result = spawnSync(executable, ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  const major = parseJavaMajor(`${result.stderr}${result.stdout}`);
  return major === null ? null : { executable, major };
}

function candidates(preferred?: string): string[] {
  const list: string[] = [];
  if (preferred) list.push(preferred);
  if (process.env['JAVA_HOME']) list.push(path.join(process.env['JAVA_HOME'], 'bin', 'java'));
  list.push('java');
  if (fs.existsSync('/usr/lib/jvm')) {
    for (const dir of fs.readdirSync('/usr/lib/jvm').sort().reverse())
      list.push(path.join('/usr/lib/jvm', dir, 'bin', 'java'));
  }
  return list;
}

/**
 * Finds a Java runtime of at least `minMajor`. The broker runs on 17; Apicurio Registry 3.3 is compiled for Java 21
 * (class file 65) and fails on 17 with UnsupportedClassVersionError, so it needs a newer JDK from /usr/lib/jvm.
 */
export function findJava(minMajor: number, purpose: string, preferred?: string): JavaRuntime {
  const seen: string[] = [];
  for (const executable of candidates(preferred)) {
    const runtime = probe(executable);
    if (runtime) seen.push(`${executable} (Java ${runtime.major})`);
    if (runtime && runtime.major >= minMajor) return runtime;
  }
  throw new PlatformError(
    'JAVA_MISSING',
    `${purpose} needs Java ${minMajor} or newer; found ${seen.length ? seen.join(', ') : 'no Java at all'}.`,
    `Install a JDK ${minMajor}+ (e.g. apt-get install openjdk-${minMajor}-jre-headless) or point ` +
      (preferred === undefined ? 'JAVA_HOME' : 'SHOPSTREAM_REGISTRY_JAVA') +
      ' at one.',
  );
}
