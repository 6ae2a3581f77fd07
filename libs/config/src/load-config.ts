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
    Object.entries(env).filter(([key, value]) => key.startsWith('SHOPSTREAM_') && value !== ''),
  );
  const parsed = environmentSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join('.')}=${String(known[issue.path.join('.')])}: ${issue.message}`,
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
