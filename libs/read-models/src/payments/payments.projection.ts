import { PAYMENTS_EVENT_TYPES } from '@shopstream/events';
import { defineProjection } from '@shopstream/projections';
import { foldPayments } from './payments.fold';
import { writePayments } from './payments.write';

/**
 * One row per payment, as the provider reported it.
 *
 * Every payments event carries the payment and order ids, amount and currency, so a capture or refund whose
 * authorization was never seen still makes a complete enough row (authorized_at stays null) rather than being parked.
 */
export const paymentsProjection = defineProjection({
  name: 'payments',
  version: 1,
  durability: 'log-derived',
  writeOnly: true,
  description: 'Status, amounts and failure of every payment',
  events: PAYMENTS_EVENT_TYPES,
  tables: [
    {
      name: 'payments',
      ddl: `create table payments (
        payment_id text primary key,
        order_id text not null,
        status text not null,
        amount_minor bigint,
        currency text not null,
        refunded_minor bigint not null default 0,
        failure_code text,
        failure_message text,
        authorized_at timestamptz,
        captured_at timestamptz,
        failed_at timestamptz,
        refunded_at timestamptz,
        updated_at timestamptz not null
      )`,
      indexes: ['create index if not exists payments_order_id on payments (order_id)'],
    },
  ],
  async apply(batch, sql) {
    await writePayments(sql, foldPayments(batch));
  },
});
