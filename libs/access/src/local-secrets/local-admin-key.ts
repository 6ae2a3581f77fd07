import { SqlExecutor } from '@shopstream/database';
import { parseApiKey } from '../api-keys/api-key-secret';
import { ApiKeysStore } from '../api-keys/api-keys.store';
import { KeyAdministration } from '../api-keys/key-administration';
import { localSecretPaths, readSecretFile, writeSecretFile } from './local-secrets';

export const LOCAL_ADMIN_KEY_NAME = 'local-admin';

/**
 * Makes sure the local admin key exists: its hash in the database and the key in the home's secrets, so the CLI,
 * the simulator, the benchmark and the tests have a credential after `up`. A key file whose key the database no
 * longer holds (a reset database, a revocation) is replaced. Returns whether a new key was made.
 */
export async function ensureLocalAdminKey(sql: SqlExecutor, home: string): Promise<boolean> {
  const file = localSecretPaths(home).adminKey;
  const existing = readSecretFile(file);
  const parsed = existing ? parseApiKey(existing) : null;
  if (parsed && (await new ApiKeysStore(sql).findActive(parsed.id))) return false;
  const { key } = await new KeyAdministration(sql).create(LOCAL_ADMIN_KEY_NAME, ['admin']);
  writeSecretFile(file, key);
  return true;
}
