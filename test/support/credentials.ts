import {
  clientApiKey,
  InvalidKeyRequestError,
  KeyAdministration,
  Scope,
  signLocalCustomerToken,
} from '@shopstream/access';
import { PlatformConfig } from '@shopstream/config';
import { Pool } from 'pg';
import { uniqueName } from './wait-for';

export interface TestKey {
  readonly id: string;
  readonly key: string;
  /** `Authorization` header with the key. */
  readonly headers: Record<string, string>;
  revoke(): Promise<void>;
}

/** API keys a test makes for itself (a unique name each) on the platform's database, and revokes after. */
export class TestCredentials {
  private readonly pool: Pool;
  private readonly keys: KeyAdministration;
  private readonly made: string[] = [];

  constructor(private readonly config: PlatformConfig) {
    this.pool = new Pool({ connectionString: config.database.url, max: 1 });
    this.keys = new KeyAdministration({
      query: async <R>(text: string, params?: readonly unknown[]) =>
        (await this.pool.query(text, params ? [...params] : undefined)).rows as R[],
    });
  }

  async key(scopes: readonly Scope[]): Promise<TestKey> {
    const { id, key } = await this.keys.create(uniqueName('it-key'), scopes);
    this.made.push(id);
    return { id, key, headers: bearer(key), revoke: () => this.keys.revoke(id) };
  }

  /** A customer token signed with the local development key `up` generated. */
  customerToken(customerId: string, ttlS = 600): Promise<string> {
    return signLocalCustomerToken(this.config.home, {
      customerId,
      issuer: this.config.security.jwt.issuer,
      audience: this.config.security.jwt.audience,
      ttlS,
    });
  }

  async close(): Promise<void> {
    for (const id of this.made)
      await this.keys.revoke(id).catch((error: unknown) => {
        // A test that revoked its key itself.
        if (!(error instanceof InvalidKeyRequestError)) throw error;
      });
    await this.pool.end();
  }
}

export const bearer = (credential: string): Record<string, string> => ({
  authorization: `Bearer ${credential}`,
});

/** The key local clients send (SHOPSTREAM_API_KEY or the local admin key `up` made); fails when there is none. */
export function localApiKey(config: PlatformConfig): string {
  const key = clientApiKey(config.security, config.home);
  if (!key) throw new Error(`No API key: run \`shopstream up\` (it writes ${config.home}/secrets/admin.key)`);
  return key;
}
