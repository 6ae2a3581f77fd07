import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facts about the platform itself, e.g. which Kafka cluster the database's derived state (checkpoints, read models,
 * the write side's outbox positions) was built from: offsets only mean something in that cluster's log.
 */
export class CreatePlatformState1795800003000 implements MigrationInterface {
  name = 'CreatePlatformState1795800003000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table platform_state (
        key        text        primary key,
        value      text        not null,
        updated_at timestamptz not null default now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table platform_state');
  }
}
