import { appRoleName, DATABASE_APPS, DatabaseApp } from '@shopstream/config';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The roles of one database's apps, by app. */
export type AppRoles = Readonly<Record<DatabaseApp, string>>;

export function appRoles(database: string): AppRoles {
  return Object.fromEntries(DATABASE_APPS.map((app) => [app, appRoleName(database, app)])) as Record<
    DatabaseApp,
    string
  >;
}

/** The write side's aggregate tables: one row per order, sku, shipment and payment, locked while deciding. */
const AGGREGATES = ['orders', 'stock', 'shipments', 'payments'].map((t) => `order_flow.${t}`).join(', ');

/** The apps that read the read models' views: queries, the live push, and the commerce API's GET /orders/:id. */
const readersOf = (r: AppRoles) => [r.commerceApi, r.queryApi, r.liveGateway].map(ident).join(', ');

/**
 * Grants each app exactly what its code runs (docs/security-postgres.md holds the table). Every statement is
 * idempotent, so the migration can be applied again to repair drift and a second run changes nothing.
 */
export function appRoleGrants(database: string, r: AppRoles): string[] {
  const db = ident(database);
  const all = DATABASE_APPS.map((app) => ident(r[app])).join(', ');
  return [
    // PUBLIC may connect to every database by default: the roles of another platform on this server could too.
    `revoke connect, temporary on database ${db} from public`,
    `grant connect on database ${db} to ${all}`,
    // Projection schemas (live, shadow, sandbox, namespaced) are made and dropped by the projector and rebuilds.
    `grant create on database ${db} to ${ident(r.projector)}`,

    // API keys: the HTTP and live doors look credentials up; only the CLI (the admin connection) creates and revokes.
    `grant usage on schema access to ${readersOf(r)}`,
    `grant select on access.api_keys to ${readersOf(r)}`,

    // The write side. Commands lock and upsert aggregates, write the outbox and the idempotency keys; the relay
    // (in the API and the processor) marks outbox rows published.
    `grant usage on schema order_flow to ${ident(r.commerceApi)}, ${ident(r.processor)}`,
    `grant select, insert, update on ${AGGREGATES} to ${ident(r.commerceApi)}, ${ident(r.processor)}`,
    `grant select, insert, update on order_flow.outbox to ${ident(r.commerceApi)}, ${ident(r.processor)}`,
    `grant usage on sequence order_flow.outbox_id_seq to ${ident(r.commerceApi)}, ${ident(r.processor)}`,
    `grant select, insert on order_flow.idempotency_keys to ${ident(r.commerceApi)}`,
    // The processor's reactions park early payments; its retention deletes old outbox rows and idempotency keys.
    `grant select, insert, delete on order_flow.deferred_events to ${ident(r.processor)}`,
    `grant delete on order_flow.outbox to ${ident(r.processor)}`,
    `grant select, delete on order_flow.idempotency_keys to ${ident(r.processor)}`,
    // The processor is a projection of the engine whose ledger (applied_events) lives in order_flow. The ledger is
    // made here, so the processor may use it whichever process made it first (tests run one as the admin).
    `grant create on schema order_flow to ${ident(r.processor)}`,
    `create table if not exists order_flow.applied_events (event_id text primary key)`,
    `grant select, insert, update, delete on order_flow.applied_events to ${ident(r.processor)}`,

    // The engine's tables: the projector and the processor run projections; readers wait on checkpoints.
    `grant select, insert, update, delete on public.projection_checkpoints, public.projection_dead_letters,
       public.projection_versions to ${ident(r.projector)}, ${ident(r.processor)}`,
    `grant usage on sequence public.projection_dead_letters_id_seq to ${ident(r.projector)}, ${ident(r.processor)}`,
    `grant select on public.projection_checkpoints, public.projection_versions to ${readersOf(r)}`,
    // The query API's cache hears a rebuild's swap through a trigger on projection_versions.
    `grant trigger on public.projection_versions to ${ident(r.queryApi)}`,

    // The views queries read. The projector owns the schema; each view it makes is shared by shopstream_share_views.
    `create schema if not exists read_models authorization ${ident(r.projector)}`,
    `alter schema read_models owner to ${ident(r.projector)}`,
    `grant usage on schema read_models to ${readersOf(r)}`,

    // The example downstream app keeps its points in its own schema, and only there.
    `create schema if not exists loyalty authorization ${ident(r.loyalty)}`,
    `alter schema loyalty owner to ${ident(r.loyalty)}`,
  ];
}

/**
 * Functions the projector calls on the schemas it makes, so that grants follow its objects without default
 * privileges (those would give every reader every table). They act only on schemas the projector owns.
 */
export function sharingFunctions(r: AppRoles): string[] {
  const projector = literal(r.projector);
  return [
    `create or replace function public.shopstream_share_projection_schema(target text) returns void
     language plpgsql as $fn$
     begin
       if not exists (select 1 from pg_namespace where nspname = target and nspowner = ${projector}::regrole) then
         return;
       end if;
       -- The processor's retention prunes every live ledger; the query API's cache triggers watch the tables.
       execute format('grant usage on schema %I to %I, %I', target, ${literal(r.processor)}, ${literal(r.queryApi)});
       execute format('grant trigger on all tables in schema %I to %I', target, ${literal(r.queryApi)});
       if to_regclass(format('%I.applied_events', target)) is not null then
         execute format('grant select, delete on %I.applied_events to %I', target, ${literal(r.processor)});
       end if;
     end
     $fn$`,
    `create or replace function public.shopstream_share_views(target text) returns void
     language plpgsql as $fn$
     begin
       if not exists (select 1 from pg_namespace where nspname = target and nspowner = ${projector}::regrole) then
         return;
       end if;
       execute format('grant usage on schema %I to %I, %I, %I', target,
         ${literal(r.commerceApi)}, ${literal(r.queryApi)}, ${literal(r.liveGateway)});
       execute format('grant select on all tables in schema %I to %I, %I, %I', target,
         ${literal(r.commerceApi)}, ${literal(r.queryApi)}, ${literal(r.liveGateway)});
     end
     $fn$`,
    'revoke execute on function public.shopstream_share_projection_schema(text), public.shopstream_share_views(text) from public',
    `grant execute on function public.shopstream_share_projection_schema(text), public.shopstream_share_views(text)
       to ${ident(r.projector)}, ${ident(r.processor)}`,
  ];
}

/** Makes `role` a login role with no power beyond its grants; repeated, it restores those attributes. */
export function roleAttributes(role: string): string {
  return `alter role ${ident(role)} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit`;
}

export const createRole = (role: string) => `create role ${ident(role)}`;

/** Hands a schema and everything in it to `owner`: objects a superuser made before the roles existed. */
export function transferSchemaStatements(
  schema: string,
  relations: readonly { name: string; kind: string }[],
  owner: string,
): string[] {
  // A serial column's sequence follows its table; views are altered as views.
  const keyword: Record<string, string> = { r: 'table', p: 'table', v: 'view', m: 'materialized view' };
  return [
    `alter schema ${ident(schema)} owner to ${ident(owner)}`,
    ...relations.flatMap((rel) => {
      const kind = keyword[rel.kind];
      return kind ? [`alter ${kind} ${ident(schema)}.${ident(rel.name)} owner to ${ident(owner)}`] : [];
    }),
  ];
}
