import { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoles } from '../roles/app-roles';

/**
 * Each order's hold on a sku becomes a row of its own, out of the sku's state. Kept in the state, the map of open
 * reservations was copied, serialized and rewritten whole by every reservation, release and commit of the sku: a
 * popular sku in a sale holds thousands, so each order cost more than the last. The processor now reads and writes
 * only the rows of the orders it decides; the stock row keeps the totals (`reserved` is still their sum).
 */
export class StockReservationsRows1795800014000 implements MigrationInterface {
  name = 'StockReservationsRows1795800014000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table order_flow.stock_reservations (
        sku      text    not null,
        order_id text    not null,
        quantity integer not null check (quantity > 0),
        primary key (sku, order_id)
      )`);
    await runner.query(`
      insert into order_flow.stock_reservations (sku, order_id, quantity)
      select s.sku, r.key, r.value::int
      from order_flow.stock s, jsonb_each_text(coalesce(s.state->'reservations', '{}'::jsonb)) r
      where r.value::int > 0`);
    await runner.query(
      `update order_flow.stock set state = state - 'reservations' where state ? 'reservations'`,
    );
    // Only the processor reserves, releases and commits stock; the commands' stock changes leave holds alone.
    const [{ database }] = (await runner.query('select current_database() as database')) as [
      { database: string },
    ];
    const { processor } = appRoles(database);
    await runner.query(
      `grant select, insert, update, delete on order_flow.stock_reservations to "${processor.replace(/"/g, '""')}"`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      update order_flow.stock s set state = s.state || jsonb_build_object('reservations', coalesce(
        (select jsonb_object_agg(r.order_id, r.quantity) from order_flow.stock_reservations r where r.sku = s.sku),
        '{}'::jsonb))`);
    await runner.query('drop table order_flow.stock_reservations');
  }
}
