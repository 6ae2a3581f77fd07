import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox by key, newest first: a read that waits for a payment or shipment to show on its order looks up the
 * last orders event written for the order (the processor's reaction) to wait for its position.
 */
export class IndexOutboxKey1795800012000 implements MigrationInterface {
  name = 'IndexOutboxKey1795800012000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('create index if not exists outbox_key on order_flow.outbox (key, topic, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop index if exists order_flow.outbox_key');
  }
}
