import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention deletes published outbox rows by publication time and idempotency keys by creation time, in small
 * batches. Without these indexes each batch would scan the table from its first page to find its rows.
 */
export class IndexRetentionColumns1795800006000 implements MigrationInterface {
  name = 'IndexRetentionColumns1795800006000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'create index if not exists outbox_published_at on order_flow.outbox (published_at) where published_at is not null',
    );
    await runner.query(
      'create index if not exists idempotency_keys_created_at on order_flow.idempotency_keys (created_at)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop index if exists order_flow.idempotency_keys_created_at');
    await runner.query('drop index if exists order_flow.outbox_published_at');
  }
}
