import { ORDERS_EVENT_TYPES } from '@shopstream/events';
import { defineProjection } from '@shopstream/projections';
import { foldCustomerOrders } from './customer-orders.fold';
import { customersOfOrders, writeCustomerOrders } from './customer-orders.write';

/**
 * Each customer's orders with their current status, and per customer and currency what they ordered, paid and got
 * back. Unlike order_summary, an event for an order whose OrderPlaced was never seen is parked: only the placement
 * names the customer, so there is no row to put it in.
 */
export const customerOrdersProjection = defineProjection({
  name: 'customer_orders',
  version: 1,
  durability: 'log-derived',
  description: "Each customer's orders and lifetime order count, payments and value per currency",
  events: ORDERS_EVENT_TYPES,
  tables: [
    {
      name: 'customer_orders',
      ddl: `create table customer_orders (
        customer_id text not null,
        order_id text not null,
        placed_at timestamptz not null,
        status text not null,
        total_minor bigint not null,
        currency text not null,
        primary key (customer_id, order_id)
      )`,
      indexes: [
        // Later orders events carry only the order id: this finds their customer.
        'create index if not exists customer_orders_order_id on customer_orders (order_id)',
        // A customer's orders page newest first by (placed_at, order_id), the query side's cursor.
        'create index if not exists customer_orders_placed_at on customer_orders (customer_id, placed_at, order_id)',
      ],
    },
    {
      name: 'customer_lifetime',
      ddl: `create table customer_lifetime (
        customer_id text not null,
        currency text not null,
        order_count int not null,
        paid_count int not null,
        lifetime_value_minor bigint not null,
        first_order_at timestamptz,
        last_order_at timestamptz,
        primary key (customer_id, currency)
      )`,
    },
  ],
  async apply(batch, sql) {
    const stored = await customersOfOrders(sql, [...new Set(batch.map((e) => e.event.orderId))]);
    await writeCustomerOrders(sql, foldCustomerOrders(batch, stored));
  },
});
