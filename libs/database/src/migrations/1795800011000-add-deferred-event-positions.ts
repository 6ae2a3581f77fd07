import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each deferred payment sits in the log (topic, partition, offset, key), so one that can no longer be applied
 * when it is replayed is parked in the processor's dead letters at its own position, like any other money event
 * the processor can't apply. Nullable: rows deferred before it carry no position and are only logged.
 */
export class AddDeferredEventPositions1795800011000 implements MigrationInterface {
  name = 'AddDeferredEventPositions1795800011000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      alter table order_flow.deferred_events
        add column if not exists topic text,
        add column if not exists partition integer,
        add column if not exists "offset" bigint,
        add column if not exists key text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      alter table order_flow.deferred_events
        drop column if exists topic, drop column if exists partition,
        drop column if exists "offset", drop column if exists key`);
  }
}
