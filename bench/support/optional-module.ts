import { createRequire } from 'node:module';
import * as path from 'node:path';

/**
 * Loads a devDependency the bench can run without (autocannon, the plotting libraries): a missing one leaves its
 * section out with a note instead of failing the whole run, and the build does not depend on it being installed.
 */
export function optionalModule<T>(name: string): T | null {
  const require = createRequire(path.join(process.cwd(), 'package.json'));
  try {
    return require(name) as T;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
}
