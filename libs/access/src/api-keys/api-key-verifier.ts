import { Principal } from '../principal';
import { parseApiKey, secretMatches } from './api-key-secret';
import { ApiKeysStore } from './api-keys.store';

interface Cached {
  readonly principal: Principal | null;
  readonly until: number;
}

/**
 * Checks an API key against its stored hash. Lookups are cached in the process for `cacheMs`, answers "no such
 * key" too, so a flood of one bad key costs one query per period: a revocation takes effect within `cacheMs`.
 * Nothing is written on the request path.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly store: ApiKeysStore,
    private readonly cacheMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async verify(key: string): Promise<Principal | null> {
    const parsed = parseApiKey(key);
    if (!parsed) return null;
    const now = Date.now();
    // Keyed by the whole key, so a cached "valid" is never handed to a different secret with the same id.
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.principal;
    const row = await this.store.findActive(parsed.id);
    const principal: Principal | null =
      row && secretMatches(parsed.secret, row.secretHash)
        ? { kind: 'api-key', id: row.id, name: row.name, scopes: row.scopes }
        : null;
    if (this.cacheMs > 0) {
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      this.cache.set(key, { principal, until: now + this.cacheMs });
    }
    return principal;
  }
}
