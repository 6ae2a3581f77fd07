import { SqlExecutor } from '@shopstream/database';
import { Scope } from '../scopes';

export interface ApiKeyRow {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

interface Row {
  id: string;
  name: string;
  scopes: Scope[];
  created_at: Date;
  revoked_at: Date | null;
}

const toKey = (r: Row): ApiKeyRow => ({
  id: r.id,
  name: r.name,
  scopes: r.scopes,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** All the SQL on access.api_keys. The request path only reads (`findActive`); the CLI writes. */
export class ApiKeysStore {
  constructor(private readonly sql: SqlExecutor) {}

  async insert(key: {
    id: string;
    name: string;
    scopes: readonly Scope[];
    secretHash: Buffer;
  }): Promise<void> {
    await this.sql.query('insert into access.api_keys (id, name, key_hash, scopes) values ($1, $2, $3, $4)', [
      key.id,
      key.name,
      key.secretHash,
      key.scopes,
    ]);
  }

  /** The key's hash and scopes, unless it is unknown or revoked. */
  async findActive(id: string): Promise<(ApiKeyRow & { secretHash: Buffer }) | null> {
    const [row] = await this.sql.query<Row & { key_hash: Buffer }>(
      'select id, name, key_hash, scopes, created_at, revoked_at from access.api_keys where id = $1 and revoked_at is null',
      [id],
    );
    return row ? { ...toKey(row), secretHash: row.key_hash } : null;
  }

  async list(): Promise<ApiKeyRow[]> {
    const rows = await this.sql.query<Row>(
      'select id, name, scopes, created_at, revoked_at from access.api_keys order by created_at, id',
    );
    return rows.map(toKey);
  }

  /** True when the key existed and was active. */
  async revoke(id: string): Promise<boolean> {
    const rows = await this.sql.query<{ id: string }>(
      'update access.api_keys set revoked_at = now() where id = $1 and revoked_at is null returning id',
      [id],
    );
    return rows.length > 0;
  }

  /** Whether an active key of this name exists: `up` makes the local admin key only once. */
  async activeNamed(name: string): Promise<ApiKeyRow | null> {
    const [row] = await this.sql.query<Row>(
      'select id, name, scopes, created_at, revoked_at from access.api_keys where name = $1 and revoked_at is null order by created_at desc limit 1',
      [name],
    );
    return row ? toKey(row) : null;
  }
}
