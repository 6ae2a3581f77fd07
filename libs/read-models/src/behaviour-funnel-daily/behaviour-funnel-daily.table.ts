import { ProjectionTable } from '@shopstream/projections';

export const BEHAVIOUR_FUNNEL_DAILY_TABLE: ProjectionTable = {
  name: 'behaviour_funnel_daily',
  ddl: `create table behaviour_funnel_daily (
    day date not null,
    sku text not null,
    views bigint not null,
    cart_adds bigint not null,
    checkouts bigint not null,
    orders bigint not null,
    conversion numeric generated always as (orders::numeric / nullif(views, 0)) stored,
    primary key (day, sku)
  )`,
};

/**
 * What each browsing session has in its cart, so CheckoutStarted (which carries only a count) can be attributed to
 * skus. Named after the projection because every table is published as read_models.<name>.
 */
export const SESSION_CARTS_TABLE: ProjectionTable = {
  name: 'behaviour_funnel_daily_session_carts',
  ddl: `create table behaviour_funnel_daily_session_carts (
    session_id text not null,
    sku text not null,
    quantity bigint not null check (quantity > 0),
    primary key (session_id, sku)
  )`,
};
