import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No two published outbox rows can claim one position in the log: a second such claim fails the relay's update
 * instead of handing a client someone else's consistency token.
 *
 * Before positions were checked, a partition missing from a produce answer was recorded at offset 0, on top of the
 * event really there. Which of the rows sharing a position is genuine only the log can tell, so their recorded
 * position is cleared (they stay published) and `shopstream outbox verify --repair` finds each by event id, or
 * publishes it again.
 */
export class UniqueOutboxPositions1795800005000 implements MigrationInterface {
  name = 'UniqueOutboxPositions1795800005000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      update order_flow.outbox o set partition = null, "offset" = null
      where o.published_at is not null and exists (
        select 1 from order_flow.outbox d
        where d.published_at is not null and d.id <> o.id
          and d.topic = o.topic and d.partition = o.partition and d."offset" = o."offset")`);
    await runner.query(
      'create unique index outbox_published_position on order_flow.outbox (topic, partition, "offset") where published_at is not null',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop index order_flow.outbox_published_position');
  }
}
