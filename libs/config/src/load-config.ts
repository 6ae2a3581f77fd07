import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './config.errors';
import { environmentSchema, PlatformConfig, toPlatformConfig } from './config.schema';

/** Parses and validates the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  root = findRepositoryRoot(),
): PlatformConfig {
  const known = Object.fromEntries(
    Object.entries(env).filter(
      ([key, value]) => (key.startsWith('SHOPSTREAM_') || key === 'NODE_ENV') && value !== '',
    ),
  );
  const parsed = environmentSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join('.')}=${shown(issue.path.join('.'), known)}: ${issue.message}`,
      ),
    );
  }
  return toPlatformConfig(parsed.data, root);
}

/** The folder holding nest-cli.json, found upwards from this file so the built and source trees agree. */
export function findRepositoryRoot(start = __dirname): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'nest-cli.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`Cannot find the Shopstream repository (nest-cli.json) above ${start}.`);
    dir = parent;
  }
}

/** A secret's value never reaches an error message or a log: only that it was set, and how long it is. */
function shown(key: string, known: Record<string, string | undefined>): string {
  const value = String(known[key]);
  return /PASSWORD|SECRET|API_KEY/.test(key) ? `<hidden, ${value.length} characters>` : value;
}
