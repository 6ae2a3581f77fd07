import { SqlExecutor } from '@shopstream/database';
import { InvalidKeyRequestError } from '../access.errors';
import { isScope, Scope, SCOPES } from '../scopes';
import { generateApiKey } from './api-key-secret';
import { ApiKeyRow, ApiKeysStore } from './api-keys.store';

export function parseScopes(list: string): Scope[] {
  const names = [
    ...new Set(
      list
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
  ];
  const unknown = names.filter((n) => !isScope(n));
  if (names.length === 0 || unknown.length > 0)
    throw new InvalidKeyRequestError(
      `${unknown.length > 0 ? `Unknown scope(s) ${unknown.join(', ')}` : 'No scope given'}: ` +
        `pass --scopes with a comma-separated list of ${SCOPES.join(', ')}.`,
    );
  return names as Scope[];
}

/** The operator's side of API keys: create (the key is returned once, never stored), list, revoke. */
export class KeyAdministration {
  private readonly store: ApiKeysStore;

  constructor(sql: SqlExecutor) {
    this.store = new ApiKeysStore(sql);
  }

  async create(name: string, scopes: readonly Scope[]): Promise<{ id: string; key: string }> {
    if (!/^[\w .:@-]{1,100}$/.test(name))
      throw new InvalidKeyRequestError(
        `Key name ${JSON.stringify(name)} is not usable: 1-100 letters, digits, spaces or _ . : @ -.`,
      );
    const created = generateApiKey();
    await this.store.insert({ id: created.id, name, scopes, secretHash: created.secretHash });
    return { id: created.id, key: created.key };
  }

  list(): Promise<ApiKeyRow[]> {
    return this.store.list();
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.store.revoke(id)))
      throw new InvalidKeyRequestError(
        `No active key ${id}: \`shopstream keys list\` shows the keys and their ids.`,
      );
  }

  activeNamed(name: string): Promise<ApiKeyRow | null> {
    return this.store.activeNamed(name);
  }
}
