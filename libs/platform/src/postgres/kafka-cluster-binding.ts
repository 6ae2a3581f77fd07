import { Client } from 'pg';
import { PlatformError } from '../platform.errors';

/** What the database holds that is only meaningful against one Kafka cluster's log. */
const DERIVED_TABLES = [
  'public.projection_checkpoints',
  'public.projection_dead_letters',
  'public.projection_versions',
  'order_flow.orders',
  'order_flow.stock',
  'order_flow.stock_reservations',
  'order_flow.shipments',
  'order_flow.payments',
  'order_flow.deferred_events',
  'order_flow.outbox',
  'order_flow.idempotency_keys',
];

export type ClusterBinding = 'bound' | 'same' | 'reset';

/**
 * Ties the database to the Kafka cluster its state was built from. Checkpoints and outbox positions are offsets in
 * one cluster's log: against a new, empty cluster they would skip its first events, so the derived state is cleared
 * to match the empty log. Against a different cluster that already holds events nothing is touched: the operator
 * has to decide (`shopstream reset`, or point SHOPSTREAM_DATABASE_URL at the right database).
 */
export async function bindToKafkaCluster(
  databaseUrl: string,
  clusterId: string,
  logIsEmpty: () => Promise<boolean>,
): Promise<ClusterBinding> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let inTransaction = false;
  try {
    const { rows } = await client.query<{ value: string }>(
      `select value from platform_state where key = 'kafka_cluster_id'`,
    );
    const known = rows[0]?.value;
    if (known === clusterId) return 'same';
    if (known !== undefined) {
      if (!(await logIsEmpty())) {
        throw new PlatformError(
          'KAFKA_CLUSTER_CHANGED',
          `The database was built from Kafka cluster ${known}, but the broker is cluster ${clusterId} and already holds events.`,
          'Point SHOPSTREAM_KAFKA_BROKERS at the cluster this database belongs to, or run `npx shopstream reset` to start over.',
        );
      }
      await client.query('begin');
      inTransaction = true;
      const schemas = await client.query<{ nspname: string }>(
        `select nspname from pg_namespace where nspname like 'projection\\_%' or nspname like 'rebuild\\_%'`,
      );
      for (const { nspname } of schemas.rows) await client.query(`drop schema "${nspname}" cascade`);
      // The views schema stays, with its owner and the readers' grants (the roles migration, which ran before this,
      // made them, and would not again until the next `up`); only what is in it goes.
      const inViews = await client.query<{ statement: string }>(
        `select format('drop %s if exists read_models.%I cascade',
                       case c.relkind when 'v' then 'view' when 'm' then 'materialized view' else 'table' end,
                       c.relname) as statement
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'read_models' and c.relkind in ('v', 'm', 'r', 'p')`,
      );
      for (const { statement } of inViews.rows) await client.query(statement);
      const existing = await client.query<{ name: string }>(
        `select t as name from unnest($1::text[]) t where to_regclass(t) is not null`,
        [[...DERIVED_TABLES, 'order_flow.applied_events']],
      );
      if (existing.rows.length) await client.query(`truncate ${existing.rows.map((r) => r.name).join(', ')}`);
    }
    await client.query(
      `insert into platform_state (key, value) values ('kafka_cluster_id', $1)
       on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [clusterId],
    );
    if (inTransaction) await client.query('commit');
    return known === undefined ? 'bound' : 'reset';
  } catch (error) {
    if (inTransaction) await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
}
