import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * State of the shop's write side (schema order_flow): one row per order, sku and shipment, locked while a command or
 * a processor decides, plus the transactional outbox its events leave through and the API's idempotency keys.
 */
export class CreateOrderFlowTables1795800002000 implements MigrationInterface {
  name = 'CreateOrderFlowTables1795800002000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('create schema order_flow');
    await runner.query(`
      create table order_flow.orders (
        order_id          text        primary key,
        status            text        not null,
        state             jsonb       not null,
        version           integer     not null,
        status_changed_at timestamptz not null default now(),
        updated_at        timestamptz not null default now()
      )`);
    await runner.query(
      "create index orders_waiting_for_payment on order_flow.orders (status_changed_at) where status = 'CONFIRMED'",
    );
    await runner.query(`
      create table order_flow.stock (
        sku        text        primary key,
        state      jsonb       not null,
        version    integer     not null,
        updated_at timestamptz not null default now()
      )`);
    await runner.query(`
      create table order_flow.shipments (
        shipment_id text        primary key,
        order_id    text        not null,
        status      text        not null,
        version     integer     not null,
        updated_at  timestamptz not null default now()
      )`);
    await runner.query('create index shipments_order on order_flow.shipments (order_id)');
    await runner.query(`
      create table order_flow.payments (
        payment_id text        primary key,
        order_id   text        not null,
        status     text        not null,
        version    integer     not null,
        updated_at timestamptz not null default now()
      )`);
    await runner.query(`
      create table order_flow.deferred_events (
        order_id    text        not null,
        event_id    text        not null,
        value       bytea       not null,
        deferred_at timestamptz not null default now(),
        primary key (order_id, event_id)
      )`);
    await runner.query(`
      create table order_flow.outbox (
        id           bigserial   primary key,
        event_id     text        not null,
        event_type   text        not null,
        topic        text        not null,
        key          text        not null,
        value        bytea       not null,
        created_at   timestamptz not null default now(),
        published_at timestamptz,
        partition    integer,
        "offset"     bigint
      )`);
    await runner.query(
      'create index outbox_unpublished on order_flow.outbox (id) where published_at is null',
    );
    await runner.query(`
      create table order_flow.idempotency_keys (
        key          text        primary key,
        request_hash text        not null,
        result       jsonb       not null,
        outbox_ids   bigint[]    not null,
        created_at   timestamptz not null default now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop schema order_flow cascade');
  }
}
