import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where every consumer that writes to PostgreSQL keeps its position. A read model and its checkpoint change in one
 * transaction, so after a crash the consumer resumes exactly where its last committed write ended.
 */
export class CreateProjectionCheckpoints1795800000000 implements MigrationInterface {
  name = 'CreateProjectionCheckpoints1795800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table projection_checkpoints (
        projection  text        not null,
        version     integer     not null,
        topic       text        not null,
        partition   integer     not null,
        next_offset bigint      not null,
        updated_at  timestamptz not null default now(),
        primary key (projection, version, topic, partition)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table projection_checkpoints');
  }
}
