import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection engine's own tables: which version of each projection serves the read_models views, and the
 * dead-letter table where poison events wait, with their raw bytes, until they are redriven or discarded.
 */
export class CreateProjectionEngineTables1795800001000 implements MigrationInterface {
  name = 'CreateProjectionEngineTables1795800001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table projection_versions (
        projection   text        primary key,
        active_version integer   not null,
        activated_at timestamptz not null default now()
      )`);
    await runner.query(`
      create table projection_dead_letters (
        id          bigserial   primary key,
        projection  text        not null,
        version     integer     not null,
        topic       text        not null,
        partition   integer     not null,
        "offset"    bigint      not null,
        key         text,
        value       bytea,
        error_code  text        not null,
        message     text        not null,
        attempts    integer     not null default 1,
        status      text        not null default 'PARKED' check (status in ('PARKED', 'REDRIVEN', 'DISCARDED')),
        first_seen  timestamptz not null default now(),
        last_seen   timestamptz not null default now(),
        unique (projection, version, topic, partition, "offset")
      )`);
    await runner.query(
      `create index projection_dead_letters_open on projection_dead_letters (projection, version, topic, key) where status = 'PARKED'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table projection_dead_letters');
    await runner.query('drop table projection_versions');
  }
}
