import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys for the HTTP and WebSocket doors, in a schema of their own so a role can be given just them. Only the
 * SHA-256 of each key's secret is stored: the key itself is shown once, when it is created.
 */
export class CreateAccessApiKeys1795800008000 implements MigrationInterface {
  name = 'CreateAccessApiKeys1795800008000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('create schema if not exists access');
    await runner.query(`
      create table if not exists access.api_keys (
        id text primary key,
        name text not null,
        key_hash bytea not null check (octet_length(key_hash) = 32),
        scopes text[] not null check (cardinality(scopes) > 0),
        created_at timestamptz not null default now(),
        revoked_at timestamptz
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table if exists access.api_keys');
    await runner.query('drop schema if exists access');
  }
}
