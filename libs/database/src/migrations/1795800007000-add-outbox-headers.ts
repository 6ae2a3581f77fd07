import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kafka headers for each outbox row (the correlation id), so the relay publishes them with the event and a consumer
 * can follow a request without decoding the event. Nullable: rows written before it are published without headers.
 */
export class AddOutboxHeaders1795800007000 implements MigrationInterface {
  name = 'AddOutboxHeaders1795800007000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('alter table order_flow.outbox add column if not exists headers jsonb');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('alter table order_flow.outbox drop column if exists headers');
  }
}
